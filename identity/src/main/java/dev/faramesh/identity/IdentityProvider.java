package dev.faramesh.identity;

import dev.faramesh.policy.Principal;

/**
 * Turns attestation into a verified {@link Principal}. One package per provider,
 * {@code dev.faramesh.identity.<type>}, with this interface's implementation as its entry class,
 * listed in {@code META-INF/services/dev.faramesh.identity.IdentityProvider}. An agent id is only
 * a label that selects the policy's agent block; the principal's id is what the provider attested.
 */
public interface IdentityProvider extends AutoCloseable {

  /** The {@code type} of an {@code identity} block this provider serves: {@code dev}, {@code spiffe}, ... */
  String type();

  /**
   * Whether the provider verifies evidence it did not make itself. Only such providers may back
   * an explicit {@code mode = enforce}; the built-in dev identity does not.
   */
  boolean attests();

  /** Called once before the first {@link #attest}. */
  void configure(IdentityContext context) throws IdentityException;

  /** The principal the agent labelled {@code agentId} acts as. */
  Principal attest(String agentId) throws IdentityException;

  @Override
  default void close() {}
}
