package dev.faramesh.audit;

import java.util.Objects;

/**
 * Settings of a {@link DprWriter}.
 *
 * @param durability       group commit (default) or one fsync per record under a lock
 * @param canonicalization the form {@code record_hash} is computed over; {@link Canonicalization#FULL_JCS}
 *                         by default, {@link Canonicalization#DAEMON_JCS} to write WALs the Go daemon's
 *                         verifier accepts (at the cost of leaving most members out of the hash)
 * @param preallocateBytes zero-filled space reserved ahead of the write position (0 disables), which
 *                         makes each fsync cheaper because the file size rarely changes; the file is
 *                         trimmed to its last frame on close
 * @param concurrentSyncs  group commit only: how many fsyncs may be in flight at once, each on its own
 *                         file descriptor; more overlap hides device latency, fewer share each fsync
 *                         among more records
 * @param devMode          tag every record {@code dev_mode: true} whatever its builder said, for writers
 *                         opened under the built-in dev identity, so no dev record can pass as a real one
 */
public record WriterOptions(Durability durability, Canonicalization canonicalization, long preallocateBytes,
                            int concurrentSyncs, boolean devMode) {

    public WriterOptions {
        Objects.requireNonNull(durability, "durability");
        Objects.requireNonNull(canonicalization, "canonicalization");
        if (preallocateBytes < 0) {
            throw new IllegalArgumentException("preallocateBytes must be >= 0");
        }
        if (concurrentSyncs < 1 || concurrentSyncs > 64) {
            throw new IllegalArgumentException("concurrentSyncs must be within 1..64");
        }
    }

    public static WriterOptions defaults() {
        return new WriterOptions(Durability.GROUP_COMMIT, Canonicalization.FULL_JCS, 4L << 20, 1, false);
    }

    public WriterOptions withDurability(Durability d) {
        return new WriterOptions(d, canonicalization, preallocateBytes, concurrentSyncs, devMode);
    }

    public WriterOptions withCanonicalization(Canonicalization c) {
        return new WriterOptions(durability, c, preallocateBytes, concurrentSyncs, devMode);
    }

    public WriterOptions withPreallocateBytes(long bytes) {
        return new WriterOptions(durability, canonicalization, bytes, concurrentSyncs, devMode);
    }

    public WriterOptions withDevMode(boolean dev) {
        return new WriterOptions(durability, canonicalization, preallocateBytes, concurrentSyncs, dev);
    }

    public WriterOptions withConcurrentSyncs(int syncs) {
        return new WriterOptions(durability, canonicalization, preallocateBytes, syncs, devMode);
    }
}
