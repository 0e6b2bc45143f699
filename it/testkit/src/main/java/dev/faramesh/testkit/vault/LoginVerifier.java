package dev.faramesh.testkit.vault;

import java.util.Map;
import java.util.Optional;

/**
 * Decides a JWT or Kubernetes login: given the role named in the request and the presented JWT, it
 * answers with the metadata to attach to the issued token (e.g. the subject), or empty to refuse.
 * Tests plug in a real verifier (nimbus against an issuer's JWKS) so attestation is checked for real.
 */
@FunctionalInterface
public interface LoginVerifier {
    Optional<Map<String, String>> verify(String role, String jwt);
}
