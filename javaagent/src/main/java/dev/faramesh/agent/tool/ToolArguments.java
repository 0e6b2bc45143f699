package dev.faramesh.agent.tool;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tool arguments as the policy reads them: the JSON object a model sent ({@code {"amount": 120}})
 * as a map of strings, numbers, booleans, lists and maps. Anything else (a JSON array or scalar,
 * text that is not JSON) is kept under {@code input}, so a rule can still see it and conditions on
 * named fields simply do not match.
 */
public final class ToolArguments {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ToolArguments() {}

  @SuppressWarnings("unchecked")
  public static Map<String, Object> parse(String json) {
    if (json == null || json.isBlank()) {
      return Map.of();
    }
    try {
      Object value = JSON.readValue(json, Object.class);
      if (value instanceof Map) {
        return (Map<String, Object>) value;
      }
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("input", value);
      return out;
    } catch (JsonProcessingException e) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("input", json);
      return out;
    }
  }

  /** A map from a library ({@code CallToolRequest.arguments()}), copied with string keys. */
  public static Map<String, Object> of(Object map) {
    if (!(map instanceof Map)) {
      return Map.of();
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : ((Map<?, ?>) map).entrySet()) {
      out.put(String.valueOf(e.getKey()), e.getValue());
    }
    return out;
  }
}
