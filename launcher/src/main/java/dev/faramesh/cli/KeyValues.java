package dev.faramesh.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns {@code --arg k=v} options into the JSON-shaped map a tool call carries: dotted keys nest
 * ({@code customer.tenant=acme}), values that read as JSON are JSON ({@code amount=80},
 * {@code ok=true}, {@code tags=["a"]}), anything else is a string.
 */
final class KeyValues {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private KeyValues() {}

  static Map<String, Object> parse(List<String> pairs) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (pairs == null) {
      return out;
    }
    for (String pair : pairs) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("expected key=value, got \"" + pair + "\"");
      }
      put(out, pair.substring(0, eq).split("\\."), value(pair.substring(eq + 1)));
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static void put(Map<String, Object> into, String[] path, Object value) {
    Map<String, Object> cur = into;
    for (int k = 0; k < path.length - 1; k++) {
      Object next = cur.computeIfAbsent(path[k], x -> new LinkedHashMap<String, Object>());
      if (!(next instanceof Map)) {
        throw new IllegalArgumentException("\"" + String.join(".", path) + "\" nests under a value that is not an object");
      }
      cur = (Map<String, Object>) next;
    }
    cur.put(path[path.length - 1], value);
  }

  static Object value(String text) {
    try {
      return JSON.readValue(text, Object.class);
    } catch (Exception e) {
      return text;
    }
  }
}
