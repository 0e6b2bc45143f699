package dev.faramesh.audit;

import java.util.Map;

/**
 * Pseudonymous digests of the principal behind a decision, so DPRs identify who acted without storing
 * identity data: {@code principal_id_hash} (first 16 hex characters of SHA-256 over the principal id, as
 * the daemon writes it) and {@code principal_claims_hash} (full SHA-256 hex over the RFC 8785 canonical
 * JSON of the verified claim set, so two equal claim sets always hash alike).
 */
public final class PrincipalDigests {
    private PrincipalDigests() {
    }

    public static String idHash(String principalId) {
        return Sha256.hex(principalId).substring(0, 16);
    }

    /**
     * @throws IllegalArgumentException if a claim value has no JSON form (NaN, a lone surrogate, an
     *                                  object that is not a string, number, boolean, list or map)
     */
    public static String claimsHash(Map<String, ?> claims) {
        ByteSink sink = new ByteSink(256);
        try {
            JcsText.putValue(sink, JsonValues.normalize(claims));
        } catch (CanonicalizationException e) {
            throw new IllegalArgumentException("claims have no canonical JSON form: " + e.getMessage(), e);
        }
        return Sha256.hex(sink);
    }
}
