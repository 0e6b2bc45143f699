package dev.faramesh.audit;

/**
 * Thrown when a WAL payload is not a JSON object that can be read as a DPR: not JSON, not UTF-8 text
 * that decodes to an object, trailing data, or values beyond the parser's safety limits.
 */
public final class MalformedRecordException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedRecordException(String message) {
        super(message);
    }
}
