package dev.faramesh.launcher.proxy;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Where a proxied request goes: scheme, host (lower case, IPv6 without brackets) and port. Parsed
 * from a {@code CONNECT} authority ({@code host:port}) or an absolute-form request target
 * ({@code http://host:port/path?query}); anything else is not a destination.
 */
record Destination(String scheme, String host, int port) {

  /** A {@code CONNECT host:port} authority, or {@code null} when malformed. */
  static Destination fromAuthority(String authority) {
    if (authority == null || authority.isEmpty()) {
      return null;
    }
    String host;
    String port;
    if (authority.startsWith("[")) {
      int close = authority.indexOf(']');
      if (close < 0 || close + 1 >= authority.length() || authority.charAt(close + 1) != ':') {
        return null;
      }
      host = authority.substring(1, close);
      port = authority.substring(close + 2);
    } else {
      int colon = authority.lastIndexOf(':');
      if (colon <= 0 || authority.indexOf(':') != colon) {
        return null;
      }
      host = authority.substring(0, colon);
      port = authority.substring(colon + 1);
    }
    int p = parsePort(port);
    if (p <= 0 || !validHost(host)) {
      return null;
    }
    return new Destination("https", host.toLowerCase(Locale.ROOT), p);
  }

  /** An absolute-form request target, or {@code null}. */
  static Destination fromAbsolute(String target) {
    try {
      URI u = new URI(target);
      String scheme = u.getScheme() == null ? null : u.getScheme().toLowerCase(Locale.ROOT);
      if (!"http".equals(scheme) && !"https".equals(scheme) || u.getHost() == null) {
        return null;
      }
      String host = u.getHost();
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      int port = u.getPort() > 0 ? u.getPort() : "https".equals(scheme) ? 443 : 80;
      return validHost(host) ? new Destination(scheme, host.toLowerCase(Locale.ROOT), port) : null;
    } catch (URISyntaxException e) {
      return null;
    }
  }

  Destination withScheme(String s) {
    return new Destination(s, host, port);
  }

  private static int parsePort(String s) {
    try {
      int p = Integer.parseInt(s);
      return p > 0 && p < 65536 ? p : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static boolean validHost(String host) {
    if (host.isEmpty() || host.length() > 253) {
      return false;
    }
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      boolean ok = Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_' || c == ':';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** {@code host:port} as it goes into a Host header ({@code [v6]:port}). */
  String authority() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }

  /** {@code scheme://host:port}, for messages and the recorded target. */
  @Override
  public String toString() {
    return scheme + "://" + authority();
  }
}
