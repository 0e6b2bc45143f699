package dev.faramesh.it.support;

import java.util.List;
import java.util.Map;

/**
 * One request as it arrived at a {@link RecordingServer}: which server and port, the protocol
 * ({@code HTTP/1.1}, {@code HTTP/2.0}), whether it came over TLS, method, raw path and query, and
 * every header with all its values (names in lower case).
 */
public record RecordedRequest(String server, int port, String protocol, boolean secure, String method,
    String pathQuery, Map<String, List<String>> headers) {

  public String header(String name) {
    List<String> v = headers.get(name.toLowerCase(java.util.Locale.ROOT));
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  /** Everything that arrived, as one string, to search for values that must not be there. */
  public String everything() {
    return method + " " + pathQuery + " " + headers;
  }
}
