package dev.faramesh.policy.engine;

import dev.faramesh.policy.Action;
import dev.faramesh.policy.Glob;
import dev.faramesh.policy.HttpTarget;
import java.util.List;
import java.util.Map;

/**
 * The {@code host}, {@code port}, {@code method}, {@code path}, {@code query} and {@code header}
 * clauses of one rule. Each clause lists alternatives (any may match); all clauses must match.
 * For HTTP actions the values come from the request; for other actions from the arguments
 * {@code host}, {@code port}, {@code method}, {@code path}, {@code query} and {@code headers}.
 */
public final class HttpMatch {

  private final List<Glob> hosts;
  private final List<PortRange> ports;
  private final List<Glob> methods;
  private final List<Glob> paths;
  private final Map<String, Glob> query;
  private final Map<String, Glob> headers;

  public HttpMatch(List<Glob> hosts, List<PortRange> ports, List<Glob> methods, List<Glob> paths,
      Map<String, Glob> query, Map<String, Glob> headers) {
    this.hosts = List.copyOf(hosts);
    this.ports = List.copyOf(ports);
    this.methods = List.copyOf(methods);
    this.paths = List.copyOf(paths);
    this.query = Map.copyOf(query);
    this.headers = Map.copyOf(headers);
  }

  public boolean matches(Action action) {
    HttpTarget h = action.http();
    Map<String, Object> args = action.args();
    String host = h != null ? h.host() : string(args.get("host"));
    String method = h != null ? h.method() : string(args.get("method"));
    String path = h != null ? h.path() : string(args.get("path"));
    if (!hosts.isEmpty() && !any(hosts, host)) {
      return false;
    }
    if (!methods.isEmpty() && !any(methods, method)) {
      return false;
    }
    if (!paths.isEmpty() && !any(paths, path == null ? "/" : path)) {
      return false;
    }
    if (!ports.isEmpty()) {
      long port = h != null ? h.port() : number(args.get("port"));
      boolean ok = false;
      for (PortRange r : ports) {
        ok |= r.contains(port);
      }
      if (!ok) {
        return false;
      }
    }
    if (!query.isEmpty()) {
      String q = h != null ? h.query() : string(args.get("query"));
      for (Map.Entry<String, Glob> e : query.entrySet()) {
        if (!e.getValue().matches(queryParam(q, e.getKey()))) {
          return false;
        }
      }
    }
    if (!headers.isEmpty()) {
      Object hs = args.get("headers");
      for (Map.Entry<String, Glob> e : headers.entrySet()) {
        String v = hs instanceof Map ? headerValue((Map<?, ?>) hs, e.getKey()) : null;
        if (!e.getValue().matches(v)) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean any(List<Glob> globs, String value) {
    if (value == null) {
      return false;
    }
    for (Glob g : globs) {
      if (g.matches(value)) {
        return true;
      }
    }
    return false;
  }

  private static String queryParam(String query, String name) {
    if (query == null) {
      return null;
    }
    for (String part : query.split("&")) {
      int eq = part.indexOf('=');
      String k = eq < 0 ? part : part.substring(0, eq);
      if (k.equals(name)) {
        return eq < 0 ? "" : java.net.URLDecoder.decode(part.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  private static String headerValue(Map<?, ?> headers, String name) {
    for (Map.Entry<?, ?> e : headers.entrySet()) {
      if (String.valueOf(e.getKey()).equalsIgnoreCase(name)) {
        Object v = e.getValue();
        return v instanceof List && !((List<?>) v).isEmpty() ? String.valueOf(((List<?>) v).get(0)) : String.valueOf(v);
      }
    }
    return null;
  }

  private static String string(Object o) {
    return o == null ? null : o.toString();
  }

  private static long number(Object o) {
    if (o instanceof Number) {
      return ((Number) o).longValue();
    }
    try {
      return o == null ? -1 : Long.parseLong(o.toString());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
