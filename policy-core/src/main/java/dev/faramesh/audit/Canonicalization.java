package dev.faramesh.audit;

import java.util.Optional;

/**
 * The canonical forms a {@code record_hash} can be computed over, named by a record's
 * {@code canonicalization_algorithm}. The two daemon forms cover only a documented subset of members, so
 * {@code reason}, {@code lamport_seq}, {@code action_type}, {@code credential_source/scope} and every member
 * this port adds can change without breaking the chain; records we write therefore default to
 * {@link #FULL_JCS}, which covers every member except the hash and the signatures over it.
 */
public enum Canonicalization {
    /** The daemon's default: the hashed subset with sorted keys and Go's JSON string escaping. */
    DAEMON_JCS("jcs-rfc8785-v1"),
    /** The daemon's older form (and what an empty algorithm means): the subset in Go struct order. */
    DAEMON_LEGACY("legacy-json-v1"),
    /** Ours: RFC 8785 over every member except {@code record_hash} and the signature members. */
    FULL_JCS("jcs-rfc8785-full-v1");

    private final String id;

    Canonicalization(String id) {
        this.id = id;
    }

    /** The value written in {@code canonicalization_algorithm}. */
    public String id() {
        return id;
    }

    /**
     * The algorithm a record names. As in the daemon, surrounding blanks are ignored and an empty value
     * means {@link #DAEMON_LEGACY}; an unknown value yields empty (the daemon would silently fall back to
     * the legacy form; we refuse to guess).
     */
    public static Optional<Canonicalization> forId(String id) {
        String trimmed = id == null ? "" : id.strip();
        if (trimmed.isEmpty()) {
            return Optional.of(DAEMON_LEGACY);
        }
        for (Canonicalization c : values()) {
            if (c.id.equals(trimmed)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** The bytes {@code record_hash} is the SHA-256 of. */
    public byte[] canonicalBytes(DprRecord record) throws CanonicalizationException {
        ByteSink sink = new ByteSink(768);
        write(record, sink);
        return sink.toByteArray();
    }

    /** {@code record_hash} as this form computes it: lowercase hex SHA-256 of the canonical bytes. */
    public String recordHash(DprRecord record) throws CanonicalizationException {
        ByteSink sink = new ByteSink(768);
        write(record, sink);
        return Sha256.hex(sink);
    }

    void write(DprRecord record, ByteSink sink) throws CanonicalizationException {
        switch (this) {
            case DAEMON_JCS -> DaemonCanonicalForm.write(record, sink, true);
            case DAEMON_LEGACY -> DaemonCanonicalForm.write(record, sink, false);
            case FULL_JCS -> FullCanonicalForm.write(record, sink);
            default -> throw new IllegalStateException();
        }
    }
}
