package dev.faramesh.identity.spiffe;

import dev.faramesh.identity.IdentityException;
import dev.faramesh.policy.Principal;

/** How {@link SpiffeProvider} turns what the Workload API serves into a principal: X.509 or JWT SVIDs. */
interface SvidAttestation extends AutoCloseable {

  Principal attest(String agentId) throws IdentityException;

  long revision();

  String explain();

  @Override
  void close();
}
