package dev.faramesh.broker;

import dev.faramesh.policy.Action;
import dev.faramesh.policy.CredentialBinding;

/**
 * Issues credential values for a {@link Broker} that does not hold them itself. The agent started
 * by {@code faramesh run} uses one that asks the launcher's broker over its private socket; the
 * launcher decides the action again and answers only when its policy permits this credential for
 * it. Each issue is for one decided action.
 */
public interface CredentialIssuer extends AutoCloseable {

  /** The value of {@code binding}'s credential for {@code action}, or an exception saying why not. */
  Secret issue(CredentialBinding binding, Action action) throws BackendException;

  @Override
  default void close() {}
}
