package dev.faramesh.policy;

import java.util.Locale;

/**
 * Where an outgoing HTTP request goes: the attributes that {@code host}, {@code port},
 * {@code method} and {@code path} clauses of a rule are matched against. Host and method are
 * normalised to lower and upper case; the path never includes the query string.
 */
public record HttpTarget(String scheme, String host, int port, String method, String path, String query) {

  public HttpTarget {
    scheme = scheme == null ? "http" : scheme.toLowerCase(Locale.ROOT);
    host = host == null ? "" : host.toLowerCase(Locale.ROOT);
    method = method == null ? "GET" : method.toUpperCase(Locale.ROOT);
    path = path == null || path.isEmpty() ? "/" : path;
    if (port <= 0) {
      port = "https".equals(scheme) ? 443 : 80;
    }
  }

  /** The tool id of this request, {@code http/<method>} in lower case. */
  public String toolId() {
    return "http/" + method.toLowerCase(Locale.ROOT);
  }
}
