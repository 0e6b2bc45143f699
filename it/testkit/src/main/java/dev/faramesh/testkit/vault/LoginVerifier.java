package dev.faramesh.testkit.vault;

import java.util.Map;
import java.util.Optional;

/**
 * Decides a JWT or Kubernetes login: given the role named in the request and the presented JWT, it
 * answers with the metadata to attach to the issued token (e.g. the subject), or empty to refuse.
 * Tests plug in a real verifier (nimbus against an issuer's JWKS, or {@link JwtAuthRole} for Vault's
 * JWT method with validation keys) so attestation is checked for real.
 */
@FunctionalInterface
public interface LoginVerifier {
    Optional<Map<String, String>> verify(String role, String jwt);

    /**
     * A refusal with the error text Vault answers with; a JWT mount sends it as a 400
     * {@code {"errors":[message]}}, a Kubernetes mount as 403 permission denied.
     */
    final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public Refused(String message) {
            super(message, null, false, false);
        }
    }
}
