package dev.faramesh.broker.registry;

import java.time.Duration;
import java.util.Locale;

/** TTLs in the registry as people write them in policies: {@code 90s}, {@code 5m}, {@code 1h}. */
public final class RegistryDurations {

  private RegistryDurations() {}

  /** Parses {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h} or an ISO-8601 duration. */
  public static Duration parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    try {
      if (t.endsWith("ms")) {
        return positive(Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2))), text);
      }
      char unit = t.isEmpty() ? ' ' : t.charAt(t.length() - 1);
      String number = t.substring(0, Math.max(0, t.length() - 1));
      switch (unit) {
        case 's': return positive(Duration.ofSeconds(Long.parseLong(number)), text);
        case 'm': return positive(Duration.ofMinutes(Long.parseLong(number)), text);
        case 'h': return positive(Duration.ofHours(Long.parseLong(number)), text);
        default: return positive(Duration.parse(text.trim().toUpperCase(Locale.ROOT)), text);
      }
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("\"" + text + "\" is not a duration such as 30s, 5m or 1h");
    }
  }

  private static Duration positive(Duration d, String text) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("\"" + text + "\" is not a positive duration");
    }
    return d;
  }

  /** The shortest of {@code Nh}, {@code Nm}, {@code Ns}, {@code Nms} that is exact. */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms % 3_600_000 == 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms % 60_000 == 0) {
      return ms / 60_000 + "m";
    }
    if (ms % 1000 == 0) {
      return ms / 1000 + "s";
    }
    return ms + "ms";
  }
}
