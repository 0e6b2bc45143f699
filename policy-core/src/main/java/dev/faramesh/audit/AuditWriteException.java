package dev.faramesh.audit;

/**
 * A DPR could not be made durable, or the WAL could not be opened safely. The decision it belongs to
 * must be treated as DENY: an action whose record is not on disk did not happen as far as the audit
 * trail is concerned. The message names the WAL operation and the I/O error, never record contents.
 */
public class AuditWriteException extends Exception {
    private static final long serialVersionUID = 1L;

    public AuditWriteException(String message) {
        super(message);
    }

    public AuditWriteException(String message, Throwable cause) {
        super(message, cause);
    }
}
