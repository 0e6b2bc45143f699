package dev.faramesh.broker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One issue of a credential for one permitted call: the value, valid until its TTL runs out or it is
 * revoked. Whoever holds a lease substitutes {@link #value()} only into the call it was issued for and
 * closes it when the call is over. A lease over a dynamic secret (a Vault database credential) owns
 * the backend's lease too: closing revokes it at the backend, and the broker revokes it itself when
 * the TTL runs out first; never earlier.
 */
public final class Lease implements AutoCloseable {

  /** Ends or extends the backend side of a dynamic lease (the broker). */
  interface Backing {
    void release(Lease lease);

    Duration renew(Lease lease, Duration increment) throws CredentialUnavailableException;
  }

  private final String credential;
  private final Secret secret;
  private final Instant issued;
  private final Instant limit;
  private final Clock clock;
  private final Backing backing;
  private final AtomicBoolean revoked = new AtomicBoolean();
  private volatile Instant expires;

  Lease(String credential, Secret secret, Instant expires, Clock clock) {
    this(credential, secret, clock.instant(), expires, expires, clock, null);
  }

  Lease(String credential, Secret secret, Instant issued, Instant expires, Instant limit, Clock clock,
      Backing backing) {
    this.credential = credential;
    this.secret = secret;
    this.issued = issued;
    this.expires = expires;
    this.limit = limit;
    this.clock = clock;
    this.backing = backing;
  }

  public String credential() {
    return credential;
  }

  public Instant issued() {
    return issued;
  }

  public Instant expires() {
    return expires;
  }

  /** The backend's version of the value, when it said. */
  public String version() {
    return secret.version();
  }

  /** Whether this lease carries a backend lease of its own (a dynamic secret). */
  public boolean dynamic() {
    return backing != null;
  }

  Secret secret() {
    return secret;
  }

  public boolean valid() {
    return !revoked.get() && clock.instant().isBefore(expires);
  }

  public boolean revoked() {
    return revoked.get();
  }

  /** The raw value, or {@code null} once the lease expired or was revoked. */
  public String value() {
    return valid() ? secret.reveal() : null;
  }

  /**
   * Extends a dynamic lease at the backend, up to the credential's TTL counted from issue; returns the
   * new expiry. A static lease cannot be extended: take a new one.
   */
  public Instant renew() throws CredentialUnavailableException {
    if (backing == null || !valid()) {
      throw new CredentialUnavailableException(credential, Failure.BACKEND_NOT_CONFIGURED,
          "lease of credential \"" + credential + "\" cannot be renewed (" + (backing == null ? "not dynamic"
              : "no longer valid") + ")", null);
    }
    Instant now = clock.instant();
    Duration wanted = Duration.between(now, limit);
    if (!wanted.isNegative() && !wanted.isZero()) {
      Duration granted = backing.renew(this, wanted);
      Instant until = now.plus(granted);
      expires = until.isBefore(limit) ? until : limit;
    }
    return expires;
  }

  /** Ends the lease now; a dynamic secret's backend lease is revoked. Idempotent. */
  public void revoke() {
    if (revoked.compareAndSet(false, true) && backing != null) {
      backing.release(this);
    }
  }

  /** Same as {@link #revoke()}: the call this lease was issued for is over. */
  @Override
  public void close() {
    revoke();
  }

  /** Marks the lease ended without a backend call (the broker revoked the backend lease itself). */
  boolean markRevoked() {
    return revoked.compareAndSet(false, true);
  }

  @Override
  public String toString() {
    return "Lease[" + credential + " until " + expires + (dynamic() ? ", dynamic" : "") + (revoked.get() ? ", revoked"
        : "") + "]";
  }
}
