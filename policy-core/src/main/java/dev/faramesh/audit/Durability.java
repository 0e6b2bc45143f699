package dev.faramesh.audit;

/**
 * How {@link DprWriter} makes a record durable before {@code append} returns. Both modes fsync every
 * record before acknowledging it; they differ in how many records share one fsync.
 */
public enum Durability {
    /** Records written since the last fsync share the next one; fsyncs may overlap. */
    GROUP_COMMIT,
    /** Each append writes and forces its own record under a lock, as the daemon does; the benchmark baseline. */
    PER_RECORD
}
