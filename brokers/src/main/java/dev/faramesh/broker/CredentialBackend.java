package dev.faramesh.broker;

import dev.faramesh.policy.CredentialBinding;
import java.time.Duration;

/**
 * Where credential values come from (the {@code backend} of a {@code credential} block). One
 * package per backend, {@code dev.faramesh.broker.<type>}, with this interface's implementation as
 * its entry class, listed in {@code META-INF/services/dev.faramesh.broker.CredentialBackend}.
 * Instances are created with the no-argument constructor and configured once, lazily, on the
 * first use of their type, so an unused backend costs nothing at start-up: an entry class must not
 * mention its SDK's types, only a package-private class it creates in {@link #configure} may.
 * {@code configure} only reads settings (no network); logging in happens on first use. Every call is
 * bounded by the backend's timeout, and failures are {@link BackendException}s whose
 * {@link Failure} becomes the DPR's reason code. Implementations must be thread-safe and must never
 * put a credential value or a token into an exception message or a log line.
 */
public interface CredentialBackend extends AutoCloseable {

  /** The {@code backend} value this implementation serves: {@code env}, {@code vault}, ... */
  String type();

  /** Called once before the first use; reads settings only. */
  void configure(BackendContext context) throws BackendException;

  /** The current value of {@code binding}'s credential (or its pinned version). */
  Secret fetch(CredentialBinding binding) throws BackendException;

  /** Ends a dynamic secret's backend lease (the call it was issued for is over). */
  default void revoke(Secret secret) throws BackendException {}

  /** Extends a dynamic secret's backend lease; returns the duration the backend granted. */
  default Duration renew(Secret secret, Duration increment) throws BackendException {
    throw new BackendException(Failure.BACKEND_NOT_CONFIGURED, type() + " backend has no renewable leases");
  }

  /**
   * Asks the backend to make a new value where it has a call for that; the default says it has none
   * (the broker then only drops its cached value).
   */
  default Rotation rotate(CredentialBinding binding) throws BackendException {
    return Rotation.cacheOnly(binding.name(), type() + " has no rotation call; the cached value was dropped and the "
        + "next use reads the backend's current value");
  }

  /**
   * Logs in (or checks the configured token) for real, for health checks; returns whether this
   * backend has such a check at all (a backend whose every request is signed has none apart from a
   * read).
   */
  default boolean authenticate() throws BackendException {
    return false;
  }

  /** Whether the backend can serve credentials right now; the default assumes it can. */
  default boolean healthy() {
    return true;
  }

  @Override
  default void close() {}
}
