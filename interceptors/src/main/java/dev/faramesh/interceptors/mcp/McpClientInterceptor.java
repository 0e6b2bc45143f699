package dev.faramesh.interceptors.mcp;

import dev.faramesh.interceptors.Hook;
import dev.faramesh.interceptors.InterceptorPlugin;
import java.util.List;

/**
 * The MCP Java SDK client, 0.8 to 2.x: {@code McpAsyncClient.callTool(CallToolRequest)}, which the
 * sync client's {@code callTool} also ends in (it blocks on the returned {@code Mono}). The action
 * is {@code mcp/<server>/<tool>}; a refusal is returned as {@code Mono.just(CallToolResult)} with
 * {@code isError} set, so the server is never called.
 */
public final class McpClientInterceptor implements InterceptorPlugin {

  private static final String PACKAGE = McpClientInterceptor.class.getPackageName();

  @Override
  public String name() {
    return "mcp";
  }

  @Override
  public List<Hook> hooks() {
    return List.of(new Hook("io.modelcontextprotocol.client.McpAsyncClient", "callTool",
        "(Lio/modelcontextprotocol/spec/McpSchema$CallToolRequest;)Lreactor/core/publisher/Mono;",
        PACKAGE + ".CallToolAdvice"));
  }
}
