package dev.faramesh.it.frameworks.mcp;

import dev.faramesh.it.frameworks.Calls;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpSyncClient;
import java.util.List;
import java.util.Map;

/**
 * An application using the MCP Java SDK client directly: it starts the stdio MCP server given on
 * its command line, calls {@code get_weather}, {@code delete_forecasts} and {@code get_weather} again
 * through the sync client (which ends in the async client's {@code callTool}), then
 * {@code get_weather} and {@code delete_forecasts} through an async client of a second server
 * process, and prints what each call returned.
 */
public final class McpApp {

  private McpApp() {}

  public static void main(String[] args) {
    Calls.exiting(() -> run(args));
  }

  private static void run(String[] args) throws Exception {
    McpSyncClient client = McpClients.stdio(List.of(args));
    System.out.println("SERVER " + client.getServerInfo().name());
    System.out.println("RESULT sync-weather " + McpClients.call(client, "get_weather", Map.of("city", "Paris")));
    System.out.println("RESULT sync-delete " + McpClients.call(client, "delete_forecasts", Map.of("city", "Paris")));
    System.out.println("RESULT sync-weather-again " + McpClients.call(client, "get_weather", Map.of("city", "Oslo")));
    client.closeGracefully();
    McpAsyncClient async = McpClients.stdioAsync(List.of(args));
    System.out.println("RESULT async-weather " + McpClients.call(async, "get_weather", Map.of("city", "Rome")));
    System.out.println("RESULT async-delete " + McpClients.call(async, "delete_forecasts", Map.of("city", "Rome")));
    async.closeGracefully().block();
    System.out.println("APP DONE");
  }
}
