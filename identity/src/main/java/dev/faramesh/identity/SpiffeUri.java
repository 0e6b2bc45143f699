package dev.faramesh.identity;

import java.util.Locale;

/**
 * SPIFFE-style identities: how providers that are not SPIFFE themselves (OIDC, Kubernetes, the
 * clouds) name what they attested, {@code spiffe://<trust domain>/<segment>/...}, and how the
 * trust domain is read back from any principal id.
 */
public final class SpiffeUri {

  private SpiffeUri() {}

  /** {@code spiffe://<trustDomain>/<segments joined by />}, each segment made path-safe. */
  public static String of(String trustDomain, String... segments) {
    StringBuilder sb = new StringBuilder("spiffe://").append(trustDomain(trustDomain));
    for (String s : segments) {
      sb.append('/').append(segment(s));
    }
    return sb.toString();
  }

  /**
   * The trust domain of a SPIFFE id ({@code spiffe://td/...}), or of a bare trust domain name with
   * or without the scheme; lower case. {@code null} for anything else.
   */
  public static String trustDomain(String idOrDomain) {
    if (idOrDomain == null) {
      return null;
    }
    String s = idOrDomain.trim();
    if (s.regionMatches(true, 0, "spiffe://", 0, 9)) {
      s = s.substring(9);
    } else if (s.contains("://")) {
      return null;
    }
    int slash = s.indexOf('/');
    if (slash >= 0) {
      s = s.substring(0, slash);
    }
    return s.isEmpty() ? null : s.toLowerCase(Locale.ROOT);
  }

  /** A path segment: letters, digits, dot, dash and underscore; anything else becomes a dash. */
  public static String segment(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-'
          || c == '_';
      sb.append(ok ? c : '-');
    }
    String out = sb.toString();
    return out.isEmpty() || out.equals(".") || out.equals("..") ? "-" : out;
  }
}
