package dev.faramesh.it.frameworks.mcp;

import dev.faramesh.it.frameworks.Calls;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.spec.McpSchema;
import java.lang.reflect.Constructor;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * MCP SDK clients for the apps, on every SDK version the matrix uses: a stdio transport that
 * starts the server as a child process (its constructor gained a JSON mapper argument at 0.14,
 * which is found by reflection), the sync client, and {@code tools/call} requests.
 */
public final class McpClients {

  private McpClients() {}

  /** A client for the stdio server started with {@code command}, initialised. */
  public static McpSyncClient stdio(List<String> command) throws Exception {
    ServerParameters params = ServerParameters.builder(command.get(0)).args(command.subList(1, command.size())).build();
    Object transport = transport(params);
    McpSyncClient client = (McpSyncClient) Calls.call(
        Calls.call(Calls.callStatic(McpClient.class.getName(), "sync", transport), "requestTimeout",
            Duration.ofSeconds(30)), "build");
    client.initialize();
    return client;
  }

  /** An async client for the stdio server started with {@code command}, initialised. */
  public static McpAsyncClient stdioAsync(List<String> command) throws Exception {
    ServerParameters params = ServerParameters.builder(command.get(0)).args(command.subList(1, command.size())).build();
    McpAsyncClient client = (McpAsyncClient) Calls.call(
        Calls.call(Calls.callStatic(McpClient.class.getName(), "async", transport(params)), "requestTimeout",
            Duration.ofSeconds(30)), "build");
    client.initialize().block();
    return client;
  }

  private static Object transport(ServerParameters params) throws Exception {
    Class<?> type = Class.forName("io.modelcontextprotocol.client.transport.StdioClientTransport");
    for (Constructor<?> c : type.getConstructors()) {
      if (c.getParameterCount() == 1) {
        return c.newInstance(params);
      }
    }
    for (Constructor<?> c : type.getConstructors()) {
      if (c.getParameterCount() == 2 && c.getParameterTypes()[1].getName().equals("io.modelcontextprotocol.json.McpJsonMapper")) {
        return c.newInstance(params, jsonMapper());
      }
    }
    throw new IllegalStateException("no StdioClientTransport constructor this app knows");
  }

  private static Object jsonMapper() {
    try {
      return Calls.callStatic("io.modelcontextprotocol.json.McpJsonDefaults", "getMapper");
    } catch (RuntimeException e) {
      return Calls.callStatic("io.modelcontextprotocol.json.McpJsonMapper", "getDefault");
    }
  }

  /** {@code tools/call} of {@code tool} with {@code arguments}: the result's text, or its error text. */
  public static String call(McpSyncClient client, String tool, Map<String, Object> arguments) {
    return text(client.callTool(new McpSchema.CallToolRequest(tool, arguments)));
  }

  /** The same through the async client's {@code Mono}. */
  public static String call(McpAsyncClient client, String tool, Map<String, Object> arguments) {
    return text(client.callTool(new McpSchema.CallToolRequest(tool, arguments)).block());
  }

  private static String text(McpSchema.CallToolResult result) {
    StringBuilder text = new StringBuilder(Boolean.TRUE.equals(result.isError()) ? "isError " : "ok ");
    for (McpSchema.Content c : result.content()) {
      if (c instanceof McpSchema.TextContent t) {
        text.append(t.text());
      }
    }
    return text.toString();
  }
}
