package dev.faramesh.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faramesh.policy.Action;
import dev.faramesh.policy.HttpTarget;
import dev.faramesh.policy.Principal;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One fixture of {@code policy test}: a call (agent, tool and args, or an HTTP request), the
 * principal's claims and the expected effect, optionally the expected rule and reason code.
 * A case file is a JSON array of cases or an object with a {@code cases} array:
 * <pre>
 * [{"name": "small refund", "agent": "payments-bot", "tool": "stripe/refund", "args": {"amount": 80},
 *   "principal": {"role": "support"}, "expect": "permit", "rule": "fpl-4"}]
 * </pre>
 */
record PolicyCase(String name, String agent, Action action, Principal principal, String expect, String rule,
    String reasonCode) {

  private static final ObjectMapper JSON = new ObjectMapper();

  static List<PolicyCase> read(Path file) throws IOException {
    JsonNode root = JSON.readTree(file.toFile());
    JsonNode cases = root != null && root.isObject() ? root.get("cases") : root;
    if (cases == null || !cases.isArray()) {
      throw new IOException("expected a JSON array of cases or an object with a \"cases\" array");
    }
    List<PolicyCase> out = new ArrayList<>();
    for (int k = 0; k < cases.size(); k++) {
      try {
        out.add(of(cases.get(k), k));
      } catch (IllegalArgumentException e) {
        throw new IOException("case " + (k + 1) + ": " + e.getMessage());
      }
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static PolicyCase of(JsonNode c, int index) {
    String agent = text(c, "agent", true);
    String expect = text(c, "expect", true).toUpperCase(Locale.ROOT);
    if (!List.of("PERMIT", "DENY", "DEFER", "SHADOW_PERMIT").contains(expect)) {
      throw new IllegalArgumentException("expect must be permit, deny, defer or shadow_permit, not " + expect.toLowerCase(Locale.ROOT));
    }
    Action action;
    JsonNode http = c.get("http");
    if (http != null) {
      URI u = URI.create(text(http, "url", true));
      action = Action.http(new HttpTarget(u.getScheme(), u.getHost(), u.getPort(),
          http.has("method") ? http.get("method").asText() : "GET", u.getRawPath(), u.getRawQuery()), "test");
    } else {
      Map<String, Object> args = c.has("args") ? JSON.convertValue(c.get("args"), Map.class) : Map.of();
      action = Action.tool(text(c, "tool", true), args, "test");
    }
    Map<String, Object> claims = c.has("principal") ? JSON.convertValue(c.get("principal"), Map.class) : Map.of();
    String id = c.has("principal_id") ? c.get("principal_id").asText() : "spiffe://test/" + agent;
    Principal p = Principal.builder(agent, id).verified(!c.has("verified") || c.get("verified").asBoolean())
        .method("test").claims(claims).build();
    String name = c.has("name") ? c.get("name").asText() : "case " + (index + 1);
    return new PolicyCase(name, agent, action, p, expect, text(c, "rule", false), text(c, "reason_code", false));
  }

  private static String text(JsonNode n, String field, boolean required) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw new IllegalArgumentException("missing \"" + field + "\"");
      }
      return null;
    }
    return v.asText();
  }
}
