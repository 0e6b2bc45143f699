package dev.faramesh.testkit.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A Model Context Protocol server on stdio, run as a child process by the MCP clients under test:
 * newline-delimited JSON-RPC 2.0 as the MCP specification's stdio transport defines it, with
 * {@code initialize} (answering with the protocol version the client asked for), {@code ping},
 * {@code tools/list} and {@code tools/call} for two tools, {@code get_weather} and
 * {@code delete_forecasts}. Arguments: the server name it reports, and a file to which it appends
 * {@code CALLED <tool> <arguments>} for every tool call it executes, so a test can prove a refused
 * call never reached it.
 *
 * <pre>java -cp ... dev.faramesh.testkit.mcp.StdioMcpServer weather-server /tmp/calls.log</pre>
 */
public final class StdioMcpServer {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String name;
  private final Path log;
  private final PrintStream out;

  private StdioMcpServer(String name, Path log, PrintStream out) {
    this.name = name;
    this.log = log;
    this.out = out;
  }

  public static void main(String[] args) throws IOException {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    // stdout is the protocol channel: nothing else may be written there
    System.setOut(System.err);
    StdioMcpServer server = new StdioMcpServer(args.length > 0 ? args[0] : "weather-server",
        args.length > 1 ? Path.of(args[1]) : null, out);
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      if (!line.isBlank()) {
        server.handle(JSON.readTree(line));
      }
    }
  }

  private void handle(JsonNode message) throws IOException {
    if (!message.has("id") || !message.has("method")) {
      return; // a notification (notifications/initialized, cancelled) or a response: nothing to answer
    }
    JsonNode id = message.get("id");
    String method = message.path("method").asText();
    JsonNode params = message.path("params");
    switch (method) {
      case "initialize" -> respond(id, initialize(params));
      case "ping" -> respond(id, JSON.createObjectNode());
      case "tools/list" -> respond(id, toolsList());
      case "tools/call" -> respond(id, call(params));
      default -> error(id, -32601, "method not found: " + method);
    }
  }

  private ObjectNode initialize(JsonNode params) {
    ObjectNode result = JSON.createObjectNode();
    result.put("protocolVersion", params.path("protocolVersion").asText("2024-11-05"));
    result.putObject("capabilities").putObject("tools").put("listChanged", false);
    ObjectNode info = result.putObject("serverInfo");
    info.put("name", name);
    info.put("version", "1.0.0");
    return result;
  }

  private ObjectNode toolsList() {
    ObjectNode result = JSON.createObjectNode();
    ArrayNode tools = result.putArray("tools");
    tool(tools, "get_weather", "The weather in a city");
    tool(tools, "delete_forecasts", "Deletes every stored forecast of a city");
    return result;
  }

  private static void tool(ArrayNode tools, String name, String description) {
    ObjectNode t = tools.addObject();
    t.put("name", name);
    t.put("description", description);
    ObjectNode schema = t.putObject("inputSchema");
    schema.put("type", "object");
    schema.putObject("properties").putObject("city").put("type", "string");
    schema.putArray("required").add("city");
  }

  private ObjectNode call(JsonNode params) throws IOException {
    String tool = params.path("name").asText();
    JsonNode arguments = params.path("arguments");
    if (log != null) {
      Files.writeString(log, "CALLED " + tool + " " + arguments + "\n", StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
    String city = arguments.path("city").asText("nowhere");
    ObjectNode result = JSON.createObjectNode();
    ObjectNode text = result.putArray("content").addObject();
    text.put("type", "text");
    switch (tool) {
      case "get_weather" -> text.put("text", "Sunny in " + city);
      case "delete_forecasts" -> text.put("text", "Deleted every forecast of " + city);
      default -> {
        text.put("text", "unknown tool " + tool);
        result.put("isError", true);
        return result;
      }
    }
    result.put("isError", false);
    return result;
  }

  private void respond(JsonNode id, JsonNode result) throws IOException {
    ObjectNode m = JSON.createObjectNode();
    m.put("jsonrpc", "2.0");
    m.set("id", id);
    m.set("result", result);
    out.println(JSON.writeValueAsString(m));
  }

  private void error(JsonNode id, int code, String text) throws IOException {
    ObjectNode m = JSON.createObjectNode();
    m.put("jsonrpc", "2.0");
    m.set("id", id);
    ObjectNode e = m.putObject("error");
    e.put("code", code);
    e.put("message", text);
    out.println(JSON.writeValueAsString(m));
  }
}
