package dev.faramesh.policy;

import java.util.Locale;

/**
 * How decisions are acted on. {@code ENFORCE} blocks what the policy does not permit;
 * {@code SHADOW} evaluates every rule but lets the call through, recording what would have
 * happened; {@code AUDIT} skips the rules and records a pass-through for every call.
 */
public enum Mode {
  ENFORCE,
  SHADOW,
  AUDIT;

  /** Parses {@code enforce|shadow|audit} case-insensitively; {@code null} when unknown. */
  public static Mode parse(String text) {
    if (text == null) {
      return null;
    }
    switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "enforce": return ENFORCE;
      case "shadow": return SHADOW;
      case "audit": return AUDIT;
      default: return null;
    }
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
