package dev.faramesh.policy;

import java.util.List;
import java.util.Map;

/**
 * An {@code identity "name" { type = "..." ... }} block: which identity provider attests the agent
 * and its settings, already checked against the provider type's known fields. Values are strings,
 * numbers, booleans or lists of strings; {@code env("VAR")} values are kept as references, never
 * resolved into the policy model.
 */
public record IdentityConfig(String name, String type, Map<String, Object> settings, SourceRef ref) {

  /** The string value of a setting, or {@code null}. */
  public String string(String key) {
    Object v = settings.get(key);
    return v == null ? null : v.toString();
  }

  /** A list setting; a single string is a list of one. */
  @SuppressWarnings("unchecked")
  public List<String> list(String key) {
    Object v = settings.get(key);
    if (v == null) {
      return List.of();
    }
    if (v instanceof List) {
      return (List<String>) v;
    }
    return List.of(v.toString());
  }
}
