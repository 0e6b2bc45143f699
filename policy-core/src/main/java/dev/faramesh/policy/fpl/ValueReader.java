package dev.faramesh.policy.fpl;

import dev.faramesh.policy.EnvReference;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads typed values out of settings and reports a positioned error when a value has the wrong
 * shape (a number where a string is expected, a malformed duration, ...).
 */
final class ValueReader {

  private final Diagnostics diag;

  ValueReader(Diagnostics diag) {
    this.diag = diag;
  }

  /** Reports every field of {@code s} not in {@code known}, with a suggestion. */
  void checkKeys(Ast.Settings s, Set<String> known, String where) {
    for (Ast.Field f : s.fields()) {
      if (!known.contains(f.key())) {
        diag.error(f.at(), "unknown field \"" + f.key() + "\" in " + where + Suggestions.didYouMean(f.key(), known));
      }
    }
  }

  String string(Ast.Value v, String what) {
    if (v == null) {
      return null;
    }
    switch (v.kind()) {
      case STRING: case WORD: return (String) v.value();
      case NUMBER: return v.text();
      default:
        diag.error(v.at(), what + " must be a string, not " + describe(v));
        return null;
    }
  }

  /** A string, or an {@link EnvReference} for {@code env("VAR")}, or a number/bool as is. */
  Object setting(Ast.Value v) {
    switch (v.kind()) {
      case ENV: return new EnvReference((String) v.value());
      case LIST: return strings(v, "list");
      case BOOL: return v.value();
      case NUMBER: return v.unit() == null ? v.value() : v.text();
      case MONEY: return v.value();
      default: return v.value();
    }
  }

  List<String> strings(Ast.Value v, String what) {
    List<String> out = new ArrayList<>();
    if (v == null) {
      return out;
    }
    for (Ast.Value item : v.items()) {
      String s = string(item, what + " entries");
      if (s != null) {
        out.add(s);
      }
    }
    return out;
  }

  Boolean bool(Ast.Value v, String what) {
    if (v == null) {
      return null;
    }
    if (v.kind() == Ast.Value.Kind.BOOL) {
      return (Boolean) v.value();
    }
    diag.error(v.at(), what + " must be true or false, not " + describe(v));
    return null;
  }

  /** A number or a money literal; {@code NaN} when absent or wrong. */
  double amount(Ast.Value v, String what) {
    if (v == null) {
      return Double.NaN;
    }
    if ((v.kind() == Ast.Value.Kind.NUMBER && (v.unit() == null || v.unit().equalsIgnoreCase("usd")))
        || v.kind() == Ast.Value.Kind.MONEY) {
      return ((BigDecimal) v.value()).doubleValue();
    }
    diag.error(v.at(), what + " must be an amount such as $500, not " + describe(v));
    return Double.NaN;
  }

  long count(Ast.Value v, String what) {
    if (v == null) {
      return -1;
    }
    if (v.kind() == Ast.Value.Kind.NUMBER && v.unit() == null) {
      BigDecimal d = (BigDecimal) v.value();
      if (d.signum() >= 0 && d.stripTrailingZeros().scale() <= 0) {
        return d.longValue();
      }
    }
    diag.error(v.at(), what + " must be a whole number, not " + describe(v));
    return -1;
  }

  /** A duration such as {@code 30s}, {@code 5m}, {@code 1h30m}, {@code "24h"}; {@code null} when wrong. */
  Duration duration(Ast.Value v, String what) {
    if (v == null) {
      return null;
    }
    String text = v.kind() == Ast.Value.Kind.STRING || v.kind() == Ast.Value.Kind.WORD ? (String) v.value()
        : v.kind() == Ast.Value.Kind.NUMBER ? v.text() : null;
    Duration d = text == null ? null : parseDuration(text);
    if (d == null) {
      diag.error(v.at(), what + " must be a duration such as 30s, 5m, 24h or 1h30m, not " + describe(v));
    }
    return d;
  }

  /** Go-style durations: one or more {@code <number><unit>} with units ms, s, m, h, d. */
  static Duration parseDuration(String text) {
    String t = text.trim();
    if (t.isEmpty()) {
      return null;
    }
    long millis = 0;
    int k = 0;
    while (k < t.length()) {
      int start = k;
      while (k < t.length() && (Character.isDigit(t.charAt(k)) || t.charAt(k) == '.')) {
        k++;
      }
      int unitStart = k;
      while (k < t.length() && Character.isLetter(t.charAt(k))) {
        k++;
      }
      if (start == unitStart || unitStart == k) {
        return null;
      }
      double n;
      try {
        n = Double.parseDouble(t.substring(start, unitStart));
      } catch (NumberFormatException e) {
        return null;
      }
      switch (t.substring(unitStart, k)) {
        case "ms": millis += (long) n; break;
        case "s": millis += (long) (n * 1000); break;
        case "m": millis += (long) (n * 60_000); break;
        case "h": millis += (long) (n * 3_600_000); break;
        case "d": millis += (long) (n * 86_400_000); break;
        default: return null;
      }
    }
    return Duration.ofMillis(millis);
  }

  static String describe(Ast.Value v) {
    switch (v.kind()) {
      case STRING: return "the string \"" + v.value() + "\"";
      case LIST: return "a list";
      case ENV: return "env(\"" + v.value() + "\")";
      default: return "\"" + v.text() + "\"";
    }
  }
}
