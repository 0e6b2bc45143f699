package dev.faramesh.audit;

import java.nio.file.Path;

/**
 * Opening a WAL for writing found damage that is not a torn tail: an intact frame follows a damaged one,
 * or an intact frame does not decode as a record. Cutting it off would destroy evidence, so the writer
 * refuses to open; {@link AuditVerifier} names the damage in detail.
 */
public final class WalCorruptedException extends AuditWriteException {
    private static final long serialVersionUID = 1L;

    private final transient Path segment;
    private final long offset;

    WalCorruptedException(Path segment, long offset, String detail) {
        super("WAL " + segment + " is damaged at byte offset " + offset + ": " + detail
                + "; refusing to truncate a WAL whose damage is not at its end");
        this.segment = segment;
        this.offset = offset;
    }

    public Path segment() {
        return segment;
    }

    public long offset() {
        return offset;
    }
}
