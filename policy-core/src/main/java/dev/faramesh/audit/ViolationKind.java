package dev.faramesh.audit;

/** What is wrong with the first bad frame or record a verification found. */
public enum ViolationKind {
    /** The path does not exist or a segment could not be read. */
    IO_ERROR,
    /** The file ends inside a frame (an incomplete last write). */
    TORN_FRAME,
    BAD_MAGIC,
    BAD_VERSION,
    BAD_LENGTH,
    CRC_MISMATCH,
    /** A record frame's payload is not a JSON object. */
    RECORD_DECODE,
    /** A control frame's payload is not a JSON object. */
    CONTROL_FRAME_DECODE,
    /** {@code agent_id} or {@code record_hash} is missing or not a string. */
    MISSING_FIELD,
    UNKNOWN_CANONICALIZATION,
    /** The record cannot be put into its canonical form (wrong member type, bad time, ambiguous names). */
    CANONICALIZATION_ERROR,
    /** The recomputed hash differs from {@code record_hash}: the record was altered. */
    HASH_MISMATCH,
    /** An agent's first record does not carry the genesis marker. */
    GENESIS_MISMATCH,
    /** {@code prev_record_hash} is not the hash of the agent's previous record. */
    BROKEN_LINK,
    /** A record of ours does not advance its agent's {@code lamport_seq}. */
    LAMPORT_REGRESSION,
    /** The verifier itself failed; never expected, reported rather than thrown. */
    VERIFIER_ERROR
}
