package dev.faramesh.agent.identity.delegation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The messages between a worker process and its supervisor's budget endpoint: one JSON object per
 * line. A {@code charge} names the protocol version, the per-launch secret, the worker's agent id
 * and up to {@value #MAX_CHARGES} (budget name, amount) pairs; the answer is
 * {@code {"ok":true,"remaining":{...}}} or {@code {"ok":false,"code":...,"budget":...,
 * "message":...,"remaining":{...}}}. Anything else (other fields' types, negative or non-finite
 * amounts, a code that is not a reason code) is malformed, and a malformed message is a refusal.
 */
public final class BudgetWire {

  public static final int VERSION = 1;
  static final int MAX_CHARGES = 16;
  private static final Pattern CODE = Pattern.compile("[A-Z][A-Z_]{0,63}");
  private static final ObjectMapper JSON = new ObjectMapper();

  private BudgetWire() {}

  /** A charge request as the endpoint reads it. */
  public record Charge(String secret, String worker, Map<String, Double> amounts) {
    @Override
    public String toString() {
      // never the secret
      return "Charge[worker=" + worker + ", amounts=" + amounts + "]";
    }
  }

  /** An answer as the worker reads it: granted, or refused with {@code code} for {@code budget}. */
  public record Answer(boolean ok, String code, String budget, String message, Map<String, Double> remaining) {}

  /** A message that does not follow the protocol. */
  public static final class MalformedException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedException(String message) {
      super(message);
    }
  }

  public static String charge(String secret, String worker, Map<String, Double> amounts) {
    ObjectNode n = JSON.createObjectNode().put("v", VERSION).put("op", "charge").put("secret", secret)
        .put("worker", worker);
    ArrayNode charges = n.putArray("charges");
    amounts.forEach((budget, amount) -> charges.addObject().put("budget", budget).put("amount", amount));
    return write(n);
  }

  public static String granted(Map<String, Double> remaining) {
    ObjectNode n = JSON.createObjectNode().put("ok", true);
    ObjectNode r = n.putObject("remaining");
    remaining.forEach(r::put);
    return write(n);
  }

  public static String refused(String code, String budget, String message, Map<String, Double> remaining) {
    ObjectNode n = JSON.createObjectNode().put("ok", false).put("code", code).put("message", message);
    if (budget != null) {
      n.put("budget", budget);
    }
    ObjectNode r = n.putObject("remaining");
    remaining.forEach(r::put);
    return write(n);
  }

  public static Charge readCharge(String line) throws MalformedException {
    JsonNode n = object(line);
    if (n.path("v").asInt(-1) != VERSION || !n.path("v").isInt()) {
      throw new MalformedException("protocol version is not " + VERSION);
    }
    if (!"charge".equals(n.path("op").asText(null)) || !n.path("secret").isTextual() || !n.path("worker").isTextual()) {
      throw new MalformedException("a charge needs op, secret and worker");
    }
    JsonNode charges = n.path("charges");
    if (!charges.isArray() || charges.isEmpty() || charges.size() > MAX_CHARGES) {
      throw new MalformedException("a charge needs 1 to " + MAX_CHARGES + " charges");
    }
    Map<String, Double> amounts = new LinkedHashMap<>();
    for (JsonNode c : charges) {
      if (!c.path("budget").isTextual() || !c.path("amount").isNumber()) {
        throw new MalformedException("each charge needs a budget name and a numeric amount");
      }
      double amount = c.get("amount").asDouble();
      if (!(amount >= 0) || Double.isInfinite(amount)) {
        throw new MalformedException("an amount must be a finite number >= 0");
      }
      if (amounts.put(c.get("budget").asText(), amount) != null) {
        throw new MalformedException("a budget is charged at most once per request");
      }
    }
    return new Charge(n.get("secret").asText(), n.get("worker").asText(), amounts);
  }

  public static Answer readAnswer(String line) throws MalformedException {
    JsonNode n = object(line);
    if (!n.path("ok").isBoolean()) {
      throw new MalformedException("an answer needs ok");
    }
    Map<String, Double> remaining = new LinkedHashMap<>();
    JsonNode r = n.path("remaining");
    if (!r.isMissingNode()) {
      if (!r.isObject()) {
        throw new MalformedException("remaining must be an object");
      }
      for (var it = r.fields(); it.hasNext();) {
        var e = it.next();
        if (!e.getValue().isNumber()) {
          throw new MalformedException("remaining amounts must be numbers");
        }
        remaining.put(e.getKey(), e.getValue().asDouble());
      }
    }
    if (n.get("ok").asBoolean()) {
      return new Answer(true, null, null, null, remaining);
    }
    String code = n.path("code").asText("");
    if (!n.path("code").isTextual() || !CODE.matcher(code).matches()) {
      throw new MalformedException("a refusal needs a reason code");
    }
    return new Answer(false, code, n.path("budget").isTextual() ? n.get("budget").asText() : null,
        n.path("message").asText(""), remaining);
  }

  private static JsonNode object(String line) throws MalformedException {
    JsonNode n;
    try {
      n = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw new MalformedException("not JSON");
    }
    if (n == null || !n.isObject()) {
      throw new MalformedException("a message must be a JSON object");
    }
    return n;
  }

  private static String write(JsonNode n) {
    try {
      return JSON.writeValueAsString(n);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a budget message", e);
    }
  }
}
