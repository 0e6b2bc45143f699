package dev.faramesh.identity.spiffe;

import dev.faramesh.identity.IdentityException;
import dev.faramesh.policy.Principal;

/** How {@link SpiffeProvider} turns what the Workload API serves into a principal: X.509 or JWT SVIDs. */
interface SvidAttestation extends AutoCloseable {

  Principal attest(String agentId) throws IdentityException;

  long revision();

  /** The key of {@code agentId}'s X.509-SVID, or {@code null} when this attestation uses no X.509-SVIDs. */
  default dev.faramesh.identity.delegation.DelegationKey delegationKey(String agentId) throws IdentityException {
    return null;
  }

  String explain();

  @Override
  void close();
}
