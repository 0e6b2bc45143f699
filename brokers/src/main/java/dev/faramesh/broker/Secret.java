package dev.faramesh.broker;

import java.time.Duration;
import java.util.Objects;

/**
 * A raw credential value as a backend returned it, with what the backend said about it: the version
 * it read and, for a dynamic secret, the backend's lease (id, duration, renewable) that must be
 * revoked when the call is over. Its {@code toString} never shows the value, so a secret that ends up
 * in a log line or an exception message by mistake stays hidden.
 */
public final class Secret {

  private final String value;
  private final String version;
  private final String leaseId;
  private final Duration leaseDuration;
  private final boolean renewable;

  public Secret(String value) {
    this(value, null, null, null, false);
  }

  private Secret(String value, String version, String leaseId, Duration leaseDuration, boolean renewable) {
    this.value = Objects.requireNonNull(value, "value");
    this.version = version;
    this.leaseId = leaseId;
    this.leaseDuration = leaseDuration;
    this.renewable = renewable;
  }

  /** A static secret and the version it was read at ({@code null} when the backend does not say). */
  public static Secret of(String value, String version) {
    return new Secret(value, version, null, null, false);
  }

  /** A dynamic secret under a backend lease. */
  public static Secret leased(String value, String leaseId, Duration leaseDuration, boolean renewable) {
    return new Secret(value, null, Objects.requireNonNull(leaseId, "leaseId"), leaseDuration, renewable);
  }

  /** The raw value. Call only to put it on the wire or to compare it. */
  public String reveal() {
    return value;
  }

  public int length() {
    return value.length();
  }

  public String version() {
    return version;
  }

  /** Whether the backend issued this value under a lease of its own (Vault dynamic secrets). */
  public boolean leased() {
    return leaseId != null;
  }

  public String leaseId() {
    return leaseId;
  }

  /** How long the backend's lease lasts from issue, or {@code null}. */
  public Duration leaseDuration() {
    return leaseDuration;
  }

  public boolean renewable() {
    return renewable;
  }

  @Override
  public String toString() {
    return "Secret[redacted" + (version == null ? "" : ", version " + version) + (leased() ? ", leased" : "") + "]";
  }
}
