package dev.faramesh.audit;

/**
 * The end of one agent's chain: the hash the agent's next record links to and the last
 * {@code lamport_seq} used (0 before the first record, whose link is the genesis marker).
 */
public record ChainTip(String recordHash, long lamportSeq) {
    static ChainTip genesis(String agentId) {
        return new ChainTip(ChainGenesis.prevHashFor(agentId), 0);
    }
}
