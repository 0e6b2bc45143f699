package dev.faramesh.broker;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * Replaces tokens inside request text: placeholders by real values on the way to a permitted host,
 * or real values by placeholders where one must not go. Header values of the form
 * {@code Basic base64(user:password)} are decoded, replaced inside and re-encoded; values put into a
 * query string are percent-encoded. Each map goes from the token to find to its replacement.
 */
public final class CredentialText {

  private CredentialText() {}

  /** Plain replacement; returns {@code text} itself when nothing matched. */
  public static String replace(String text, Map<String, String> replacements) {
    if (text == null || text.isEmpty() || replacements.isEmpty()) {
      return text;
    }
    String out = text;
    for (Map.Entry<String, String> e : replacements.entrySet()) {
      if (out.contains(e.getKey())) {
        out = out.replace(e.getKey(), e.getValue());
      }
    }
    return out;
  }

  /** Replacement in a header value, looking inside HTTP Basic credentials too. */
  public static String replaceInHeader(String value, Map<String, String> replacements) {
    if (value == null || replacements.isEmpty()) {
      return value;
    }
    String plain = replace(value, replacements);
    if (plain.length() > 6 && plain.regionMatches(true, 0, "basic ", 0, 6)) {
      String encoded = plain.substring(6).trim();
      String decoded = decode(encoded);
      if (decoded != null) {
        String swapped = replace(decoded, replacements);
        if (!swapped.equals(decoded)) {
          return plain.substring(0, 6) + Base64.getEncoder().encodeToString(swapped.getBytes(StandardCharsets.UTF_8));
        }
      }
    }
    return plain;
  }

  /** Replacement in a raw query string or request target; replacements are percent-encoded. */
  public static String replaceInQuery(String target, Map<String, String> replacements) {
    if (target == null || replacements.isEmpty()) {
      return target;
    }
    String out = target;
    for (Map.Entry<String, String> e : replacements.entrySet()) {
      if (out.contains(e.getKey())) {
        out = out.replace(e.getKey(), percentEncode(e.getValue()));
      }
    }
    return out;
  }

  /** Whether any of {@code tokens} occurs in {@code text}, also inside Basic credentials. */
  public static boolean containsAny(String text, Iterable<String> tokens) {
    if (text == null || text.isEmpty()) {
      return false;
    }
    for (String t : tokens) {
      if (text.contains(t)) {
        return true;
      }
    }
    if (text.length() > 6 && text.regionMatches(true, 0, "basic ", 0, 6)) {
      String decoded = decode(text.substring(6).trim());
      if (decoded != null) {
        for (String t : tokens) {
          if (decoded.contains(t)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static String decode(String base64) {
    try {
      return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException notBase64) {
      return null;
    }
  }

  /** RFC 3986 percent-encoding of everything but unreserved characters. */
  static String percentEncode(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 8);
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
          || c == '_' || c == '~') {
        sb.append(c);
      } else {
        sb.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
      }
    }
    return sb.toString();
  }
}
