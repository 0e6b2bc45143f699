package dev.faramesh.broker;

import java.util.Objects;

/**
 * A raw credential value as a backend returned it. Its {@code toString} never shows the value, so
 * a secret that ends up in a log line or an exception message by mistake stays hidden.
 */
public final class Secret {

  private final String value;

  public Secret(String value) {
    this.value = Objects.requireNonNull(value, "value");
  }

  /** The raw value. Call only to put it on the wire or to compare it. */
  public String reveal() {
    return value;
  }

  public int length() {
    return value.length();
  }

  @Override
  public String toString() {
    return "Secret[redacted]";
  }
}
