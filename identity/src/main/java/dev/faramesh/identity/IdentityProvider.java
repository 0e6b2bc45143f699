package dev.faramesh.identity;

import dev.faramesh.identity.delegation.DelegationKey;
import dev.faramesh.identity.delegation.DelegationTrust;
import dev.faramesh.policy.Principal;

/**
 * Turns attestation into a verified {@link Principal}. One package per provider,
 * {@code dev.faramesh.identity.<type>}, with this interface's implementation as its entry class,
 * listed in {@code META-INF/services/dev.faramesh.identity.IdentityProvider}. An agent id is only
 * a label that selects the policy's agent block; the principal's id is what the provider attested.
 *
 * <p>Every provider of this build is instantiated when the registry is loaded, so constructors
 * must be cheap: a provider's libraries (gRPC, JOSE, cloud signers) are touched only from
 * {@link #configure}, i.e. only when an identity block of its type is in use.
 */
public interface IdentityProvider extends AutoCloseable {

  /** The {@code type} of an {@code identity} block this provider serves: {@code dev}, {@code spiffe}, ... */
  String type();

  /**
   * Whether the provider verifies evidence it did not make itself. Only such providers may back
   * an explicit {@code mode = enforce}; the built-in dev identity does not.
   */
  boolean attests();

  /**
   * Called once before the first {@link #attest}. Throws an {@link IdentityException} that is
   * {@link IdentityException#misconfigured() misconfigured} for settings that cannot work.
   */
  void configure(IdentityContext context) throws IdentityException;

  /**
   * The principal the agent labelled {@code agentId} acts as, verified now. The exception's
   * reason code says which check failed.
   */
  Principal attest(String agentId) throws IdentityException;

  /**
   * Changes whenever the evidence behind an attestation may have changed (an SVID pushed by the
   * Workload API, a token file rewritten), so callers holding a principal attest again. Called on
   * every decision: it must be cheap.
   */
  default long revision() {
    return 0;
  }

  /**
   * The key agent {@code agentId} signs delegation tokens for the worker processes it launches
   * with (its current X.509-SVID's), or {@code null} when this provider holds none (a token the
   * workload only presents, such as an OIDC or JWT-SVID token, cannot sign).
   */
  default DelegationKey delegationKey(String agentId) throws IdentityException {
    return null;
  }

  /**
   * The trust a worker process verifies its supervisor's delegation token with (this provider's
   * trust bundles), or {@code null} when this provider has none.
   */
  default DelegationTrust delegationTrust() {
    return null;
  }

  /** One paragraph on where the evidence comes from and what is verified, for {@code faramesh identity show}. */
  default String explain() {
    return type();
  }

  @Override
  default void close() {}
}
