package dev.faramesh.audit;

/**
 * Thrown when a record cannot be brought into the canonical form its {@code canonicalization_algorithm}
 * names: a field of the wrong JSON type, an unparsable {@code created_at}, an ambiguous member name, an
 * unknown algorithm. The verifier turns it into a named violation; the writer into an
 * {@link AuditWriteException}.
 */
public final class CanonicalizationException extends Exception {
    private static final long serialVersionUID = 1L;

    public CanonicalizationException(String message) {
        super(message);
    }
}
