package dev.faramesh.identity.delegation;

import dev.faramesh.identity.IdentityException;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The trust a worker verifies a delegation token's signer with: its own identity provider's
 * bundles (the SPIFFE Workload API's, plus federated domains'). Returns the SPIFFE id of a chain
 * that verifies; throws for one that does not.
 */
@FunctionalInterface
public interface DelegationTrust {

  String verify(List<X509Certificate> chain) throws IdentityException;
}
