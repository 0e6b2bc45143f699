package dev.faramesh.audit;

/**
 * How {@link DprWriter} makes a record durable before {@code append} returns. Both modes fsync every
 * record before acknowledging it; they differ in how many records share one fsync.
 */
public enum Durability {
    /** Concurrent appends are written and forced together by one writer thread (one fsync per batch). */
    GROUP_COMMIT,
    /** Each append writes and forces its own record under a lock; the benchmark baseline. */
    PER_RECORD
}
