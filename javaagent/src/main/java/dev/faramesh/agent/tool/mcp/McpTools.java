package dev.faramesh.agent.tool.mcp;

import dev.faramesh.agent.reflect.Members;
import dev.faramesh.agent.tool.ToolAdapter;
import dev.faramesh.agent.tool.ToolArguments;
import dev.faramesh.bootstrap.FarameshDeniedException;
import dev.faramesh.bootstrap.ToolCallRefusal;
import dev.faramesh.interceptors.ToolCall;

/**
 * MCP Java SDK client calls: the action is {@code mcp/<server>/<tool>}, the server being the name
 * it reported when the client initialised ({@code unknown} before that), with the call's
 * arguments. A refusal is {@code Mono.just(CallToolResult)} with the denial text and {@code isError}
 * set; the server is not called.
 */
public final class McpTools implements ToolAdapter {

  private static final String RESULT = "io.modelcontextprotocol.spec.McpSchema$CallToolResult";

  @Override
  public String name() {
    return "mcp";
  }

  /** {@code mcp/<server>/<tool>} for a sync or async client. */
  public static String toolId(Object client, String tool) {
    String server = "unknown";
    try {
      Object info = Members.call(client, "getServerInfo");
      if (info != null) {
        Object name = Members.call(info, "name");
        if (name instanceof String && !((String) name).isBlank()) {
          server = (String) name;
        }
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      // not initialised: the server has not said its name
    }
    return "mcp/" + server.replace('/', '_') + "/" + tool;
  }

  @Override
  public ToolCall describe(Object client, Object request, Object unused) throws ReflectiveOperationException {
    if (request == null) {
      return null;
    }
    String tool = (String) Members.call(request, "name");
    return new ToolCall(toolId(client, tool), ToolArguments.of(Members.call(request, "arguments")));
  }

  @Override
  public ToolCallRefusal refuse(Object client, Object request, Object unused, FarameshDeniedException denial)
      throws ReflectiveOperationException {
    Object builder = Members.callStatic(Members.type(client, RESULT), "builder");
    Members.call(builder, "addTextContent", denial.getMessage());
    Members.call(builder, "isError", Boolean.TRUE);
    Object result = Members.call(builder, "build");
    Object mono = Members.callStatic(Members.type(client, "reactor.core.publisher.Mono"), "just", result);
    return ToolCallRefusal.returning(mono);
  }
}
