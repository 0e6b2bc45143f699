package dev.faramesh.testkit.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * An OpenAI-compatible chat-completions server on loopback that plays a fixed script of tool
 * calls, as LangChain4j (0.x and 1.x), Spring AI (1.x and 2.x, openai-java) and the OpenAI SDKs
 * expect them. It is stateless: a request holding {@code n} {@code "role":"tool"} messages is
 * answered with the script's call {@code n + 1}, or, once every call has a result, with a final
 * answer that quotes each tool result in order ({@code FINAL: r1 | r2 ...}). A scripted name is
 * matched against the tools the request offers (exactly, else as a {@code _name} suffix). Every request body is
 * recorded, so a test can assert exactly what the model was told a tool returned.
 */
public final class ScriptedChatServer implements AutoCloseable {

  /** One scripted tool call: the function name and its JSON arguments (a JSON object as text). */
  public record ToolCall(String name, String arguments) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final List<ToolCall> script;
  private final List<JsonNode> requests = new CopyOnWriteArrayList<>();

  private ScriptedChatServer(List<ToolCall> script) throws IOException {
    this.script = List.copyOf(script);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "scripted-chat");
      t.setDaemon(true);
      return t;
    }));
    server.createContext("/", this::handle);
    server.start();
  }

  /** Starts a server that asks for {@code script}'s tool calls one per turn, then answers. */
  public static ScriptedChatServer start(List<ToolCall> script) throws IOException {
    return new ScriptedChatServer(script);
  }

  /** {@code http://127.0.0.1:<port>}; clients append {@code /v1} or not, see frameworks.md. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** Every chat-completions request received, parsed. */
  public List<JsonNode> requests() {
    return List.copyOf(requests);
  }

  /**
   * The content of every {@code tool} message in the last request, in order: what the model was
   * told each tool returned. Spring AI sends a String result JSON-encoded ({@code "\"text\""});
   * that quoting is kept.
   */
  public List<String> toolResults() {
    List<String> out = new ArrayList<>();
    if (requests.isEmpty()) {
      return out;
    }
    for (JsonNode m : requests.get(requests.size() - 1).path("messages")) {
      if ("tool".equals(m.path("role").asText())) {
        out.add(m.path("content").isTextual() ? m.path("content").asText() : m.path("content").toString());
      }
    }
    return out;
  }

  public void clear() {
    requests.clear();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] in = exchange.getRequestBody().readAllBytes();
      if (!"POST".equals(exchange.getRequestMethod()) || !exchange.getRequestURI().getPath().endsWith("/chat/completions")) {
        reply(exchange, 404, "{\"error\":{\"message\":\"not found\",\"type\":\"invalid_request_error\"}}");
        return;
      }
      JsonNode request = JSON.readTree(in);
      requests.add(request);
      List<String> results = new ArrayList<>();
      for (JsonNode m : request.path("messages")) {
        if ("tool".equals(m.path("role").asText())) {
          results.add(m.path("content").isTextual() ? m.path("content").asText() : m.path("content").toString());
        }
      }
      String model = request.path("model").asText("gpt-4o-mini");
      reply(exchange, 200, JSON.writeValueAsString(results.size() < script.size()
          ? toolCallResponse(request, model, results.size()) : finalResponse(model, results)));
    }
  }

  private ObjectNode envelope(String model, int turn) {
    ObjectNode root = JSON.createObjectNode();
    root.put("id", "chatcmpl-" + turn);
    root.put("object", "chat.completion");
    root.put("created", 1700000000);
    root.put("model", model);
    ObjectNode usage = root.putObject("usage");
    usage.put("prompt_tokens", 10);
    usage.put("completion_tokens", 5);
    usage.put("total_tokens", 15);
    return root;
  }

  /**
   * The name the client offered for a scripted tool: the exact name, else the one offered tool
   * whose name ends with {@code _<name>} (Spring AI prefixes MCP tools with the client's name,
   * differently per version).
   */
  private static String offeredName(JsonNode request, String name) {
    String suffixed = null;
    for (JsonNode t : request.path("tools")) {
      String offered = t.path("function").path("name").asText();
      if (offered.equals(name)) {
        return name;
      }
      if (offered.endsWith("_" + name)) {
        suffixed = offered;
      }
    }
    return suffixed != null ? suffixed : name;
  }

  private ObjectNode toolCallResponse(JsonNode request, String model, int index) {
    ToolCall call = script.get(index);
    ObjectNode root = envelope(model, index + 1);
    ObjectNode choice = root.putArray("choices").addObject();
    choice.put("index", 0);
    ObjectNode message = choice.putObject("message");
    message.put("role", "assistant");
    message.putNull("content");
    message.putNull("refusal");
    ArrayNode calls = message.putArray("tool_calls");
    ObjectNode c = calls.addObject();
    c.put("id", "call_" + (index + 1));
    c.put("type", "function");
    ObjectNode function = c.putObject("function");
    function.put("name", offeredName(request, call.name()));
    function.put("arguments", call.arguments());
    choice.putNull("logprobs");
    choice.put("finish_reason", "tool_calls");
    return root;
  }

  private ObjectNode finalResponse(String model, List<String> results) {
    ObjectNode root = envelope(model, results.size() + 1);
    ObjectNode choice = root.putArray("choices").addObject();
    choice.put("index", 0);
    ObjectNode message = choice.putObject("message");
    message.put("role", "assistant");
    message.put("content", "FINAL: " + String.join(" | ", results));
    message.putNull("refusal");
    choice.putNull("logprobs");
    choice.put("finish_reason", "stop");
    return root;
  }

  private static void reply(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
