package dev.faramesh.broker.launcher;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faramesh.policy.Action;
import dev.faramesh.policy.HttpTarget;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The protocol between the in-JVM agent and the broker of the {@code faramesh run} launcher that
 * started it: one JSON object per line over a Unix domain socket in the run's owner-only
 * directory. Every connection opens with {@code hello} (the per-run secret from the file
 * {@value #SECRET_FILE}, the agent label and the policy version, which must match the launcher's)
 * and is answered with this run's placeholders; then each {@code issue} names a credential and the
 * action it is for, and is answered with the value or with the reason it is refused. Answers are
 * {@code {"ok":true,...}} or {@code {"ok":false,"code":...,"message":...}}; messages never carry a
 * value anywhere but in the {@code value} of a granted issue.
 */
public final class EndpointProtocol {

  public static final int VERSION = 1;
  /** The socket in the run directory. */
  public static final String SOCKET_FILE = "broker.sock";
  /** The per-run secret in the run directory, read and deleted by the agent at start-up. */
  public static final String SECRET_FILE = "agent.secret";

  private static final ObjectMapper JSON = new ObjectMapper();

  private EndpointProtocol() {}

  public static ObjectNode object() {
    return JSON.createObjectNode();
  }

  public static String write(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a protocol message", e);
    }
  }

  public static JsonNode read(String line) throws IOException {
    JsonNode node = JSON.readTree(line);
    if (node == null || !node.isObject()) {
      throw new IOException("a protocol message must be a JSON object");
    }
    return node;
  }

  public static ObjectNode hello(String secret, String agentId, String policyVersion, long pid) {
    ObjectNode n = object().put("op", "hello").put("version", VERSION).put("secret", secret)
        .put("agent_id", agentId).put("policy_version", policyVersion);
    n.put("pid", pid);
    return n;
  }

  public static ObjectNode issue(String credential, Action action) {
    ObjectNode n = object().put("op", "issue").put("credential", credential);
    n.set("action", action(action));
    return n;
  }

  public static ObjectNode granted() {
    return object().put("ok", true);
  }

  public static ObjectNode refused(String code, String message) {
    return object().put("ok", false).put("code", code).put("message", message);
  }

  /** An action as JSON: tool id, adapter, arguments and, for HTTP, the target. */
  public static ObjectNode action(Action action) {
    ObjectNode n = object().put("tool_id", action.toolId()).put("adapter", action.adapter());
    n.set("args", JSON.valueToTree(action.args()));
    HttpTarget t = action.http();
    if (t != null) {
      ObjectNode h = n.putObject("http");
      h.put("scheme", t.scheme()).put("host", t.host()).put("port", t.port()).put("method", t.method())
          .put("path", t.path());
      if (t.query() != null) {
        h.put("query", t.query());
      }
    }
    return n;
  }

  /** The action a message describes; {@code adapter} replaces the sender's for the record. */
  public static Action action(JsonNode n, String adapter) throws IOException {
    if (n == null || !n.isObject() || !n.path("tool_id").isTextual()) {
      throw new IOException("the action has no tool_id");
    }
    JsonNode h = n.get("http");
    if (h != null && h.isObject()) {
      JsonNode query = h.get("query");
      return Action.http(new HttpTarget(h.path("scheme").asText("http"), h.path("host").asText(""),
          h.path("port").asInt(0), h.path("method").asText("GET"), h.path("path").asText("/"),
          query == null || query.isNull() ? null : query.asText()), adapter);
    }
    Map<String, Object> args = n.has("args") && n.get("args").isObject()
        ? JSON.convertValue(n.get("args"), JSON.getTypeFactory().constructMapType(LinkedHashMap.class, String.class,
            Object.class))
        : Map.of();
    return Action.tool(n.get("tool_id").asText(), args, adapter);
  }
}
