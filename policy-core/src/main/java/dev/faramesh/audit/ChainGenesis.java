package dev.faramesh.audit;

/**
 * The chain-start marker of the DPR hash chain: each agent's first record carries
 * {@code hex(sha256("faramesh/dpr/genesis/v1:" + agent_id))} as its {@code prev_record_hash}, so a chain
 * cannot be silently re-rooted on another agent's records.
 */
public final class ChainGenesis {
    private static final String DOMAIN = "faramesh/dpr/genesis/v1:";

    private ChainGenesis() {
    }

    /** The {@code prev_record_hash} of {@code agentId}'s first record. */
    public static String prevHashFor(String agentId) {
        return Sha256.hex(DOMAIN + agentId);
    }
}
