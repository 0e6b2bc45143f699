package dev.faramesh.broker;

import dev.faramesh.policy.CredentialBinding;

/**
 * Where credential values come from (the {@code backend} of a {@code credential} block). One
 * package per backend, {@code dev.faramesh.broker.<type>}, with this interface's implementation as
 * its entry class, listed in {@code META-INF/services/dev.faramesh.broker.CredentialBackend}.
 * Instances are created with the no-argument constructor and configured once, lazily, on the
 * first use of their type, so an unused backend costs nothing at start-up. Implementations must
 * be thread-safe and must never put a credential value into an exception message or a log line.
 */
public interface CredentialBackend extends AutoCloseable {

  /** The {@code backend} value this implementation serves: {@code env}, {@code vault}, ... */
  String type();

  /** Called once before the first {@link #fetch}. */
  void configure(BackendContext context) throws BackendException;

  /** The current value of {@code binding}'s credential. */
  Secret fetch(CredentialBinding binding) throws BackendException;

  /** Whether the backend can serve credentials right now; the default assumes it can. */
  default boolean healthy() {
    return true;
  }

  @Override
  default void close() {}
}
