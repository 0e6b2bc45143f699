package dev.faramesh.broker;

import java.time.Clock;
import java.time.Instant;

/**
 * One issue of a credential for a permitted call: the value, valid until its TTL runs out or it is
 * revoked. Whoever holds a lease substitutes {@link #value()} only into the call it was issued for.
 */
public final class Lease {

  private final String credential;
  private final Secret secret;
  private final Instant expires;
  private final Clock clock;
  private volatile boolean revoked;

  Lease(String credential, Secret secret, Instant expires, Clock clock) {
    this.credential = credential;
    this.secret = secret;
    this.expires = expires;
    this.clock = clock;
  }

  public String credential() {
    return credential;
  }

  public Instant expires() {
    return expires;
  }

  public boolean valid() {
    return !revoked && clock.instant().isBefore(expires);
  }

  /** The raw value, or {@code null} once the lease expired or was revoked. */
  public String value() {
    return valid() ? secret.reveal() : null;
  }

  public void revoke() {
    revoked = true;
  }

  @Override
  public String toString() {
    return "Lease[" + credential + " until " + expires + (revoked ? ", revoked" : "") + "]";
  }
}
