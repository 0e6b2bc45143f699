package dev.faramesh.policy;

import java.util.Locale;

/**
 * The one glob rule used for tool ids, hosts, paths and credential scopes: {@code *} matches any
 * run of characters within one segment, {@code **} matches across segments, everything else is
 * literal. Segments are separated by {@code /} for tool ids and paths and by {@code .} for hosts.
 * A pattern that is exactly {@code *} or {@code **} matches everything. Matching keeps
 * a row of booleans per pattern token, so it runs in O(pattern x input) time.
 */
public final class Glob {

  private final String pattern;
  private final char separator;
  private final boolean ignoreCase;
  private final boolean literal;
  private final boolean matchAll;

  // Fast shapes that need no matching table: "prefix*", "prefix**", "*suffix", "**suffix".
  private final String prefix;
  private final String suffix;
  private final boolean crossing;

  private Glob(String pattern, char separator, boolean ignoreCase) {
    this.pattern = ignoreCase ? pattern.toLowerCase(Locale.ROOT) : pattern;
    this.separator = separator;
    this.ignoreCase = ignoreCase;
    this.literal = pattern.indexOf('*') < 0;
    this.matchAll = pattern.equals("*") || pattern.equals("**");
    int first = this.pattern.indexOf('*');
    int last = this.pattern.lastIndexOf('*');
    boolean oneRun = first >= 0 && (last == first || (last == first + 1));
    if (oneRun && last == this.pattern.length() - 1) {
      prefix = this.pattern.substring(0, first);
      suffix = null;
      crossing = last == first + 1;
    } else if (oneRun && first == 0) {
      prefix = null;
      suffix = this.pattern.substring(last + 1);
      crossing = last == first + 1;
    } else {
      prefix = null;
      suffix = null;
      crossing = false;
    }
  }

  /** A tool-id or path pattern ({@code /}-separated, case-sensitive). */
  public static Glob path(String pattern) {
    return new Glob(pattern, '/', false);
  }

  /** A host pattern ({@code .}-separated, case-insensitive). */
  public static Glob host(String pattern) {
    return new Glob(pattern, '.', true);
  }

  /** A case-insensitive pattern without segments (HTTP methods). */
  public static Glob word(String pattern) {
    return new Glob(pattern, '\0', true);
  }

  public String pattern() {
    return pattern;
  }

  public boolean isLiteral() {
    return literal;
  }

  public boolean matchesEverything() {
    return matchAll;
  }

  public boolean matches(String text) {
    if (text == null) {
      return false;
    }
    if (matchAll) {
      return true;
    }
    String t = ignoreCase ? text.toLowerCase(Locale.ROOT) : text;
    if (literal) {
      return pattern.equals(t);
    }
    if (prefix != null) {
      return t.startsWith(prefix) && (crossing || noSeparator(t, prefix.length(), t.length()));
    }
    if (suffix != null) {
      return t.endsWith(suffix) && (crossing || noSeparator(t, 0, t.length() - suffix.length()));
    }
    return match(pattern, t);
  }

  private boolean noSeparator(String t, int from, int to) {
    if (separator == '\0') {
      return true;
    }
    for (int k = from; k < to; k++) {
      if (t.charAt(k) == separator) {
        return false;
      }
    }
    return true;
  }

  // Dynamic programming over pattern tokens: O(pattern x input) time, two rows of memory.
  private boolean match(String p, String t) {
    int n = t.length();
    boolean[] row = new boolean[n + 1];
    boolean[] next = new boolean[n + 1];
    row[0] = true;
    int i = 0;
    while (i < p.length()) {
      char c = p.charAt(i);
      if (c == '*') {
        boolean cross = i + 1 < p.length() && p.charAt(i + 1) == '*';
        next[0] = row[0];
        for (int j = 1; j <= n; j++) {
          next[j] = row[j] || (next[j - 1] && (cross || t.charAt(j - 1) != separator));
        }
        i += cross ? 2 : 1;
      } else {
        next[0] = false;
        for (int j = 1; j <= n; j++) {
          next[j] = row[j - 1] && t.charAt(j - 1) == c;
        }
        i++;
      }
      boolean[] swap = row;
      row = next;
      next = swap;
    }
    return row[n];
  }

  @Override
  public String toString() {
    return pattern;
  }
}
