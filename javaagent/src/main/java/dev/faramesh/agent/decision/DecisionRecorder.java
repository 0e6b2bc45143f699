package dev.faramesh.agent.decision;

/**
 * Where decisions are recorded: one durable DPR per decision, written before the action goes on.
 * The agent's implementation appends to the WAL; a failed append denies the action.
 */
public interface DecisionRecorder extends AutoCloseable {

  /** Returns once the record is durable; throws when it is not. */
  void record(DecisionRecord record) throws AuditFailure;

  @Override
  default void close() {}
}
