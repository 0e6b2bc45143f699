package dev.faramesh.identity.jwt;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A JWT whose signature, issuer, audience and validity window were checked: its subject, issuer,
 * audiences, expiry, the kid that signed it, and every claim as plain JSON values (strings,
 * numbers, booleans, lists, maps; times as seconds), ready to become {@code principal.*}.
 */
public record VerifiedJwt(String subject, String issuer, List<String> audience, Instant expiry, String keyId,
    Map<String, Object> claims) {

  /** A claim as a string, or {@code null} when absent or not a string. */
  public String string(String name) {
    Object v = claims.get(name);
    return v instanceof String ? (String) v : null;
  }

  /** A claim inside a JSON object claim, e.g. {@code nested("kubernetes.io", "namespace")}. */
  public Object nested(String... path) {
    Object v = claims;
    for (String p : path) {
      if (!(v instanceof Map)) {
        return null;
      }
      v = ((Map<?, ?>) v).get(p);
    }
    return v;
  }
}
