package dev.faramesh.policy.engine;

import java.util.List;

/**
 * Where a worker's spending of its supervisor's inherited budgets is charged when the supervisor
 * lives in another process: the supervisor's own ledger, reached by the worker's agent. A charge
 * reserves every amount or none; any doubt (the ledger cannot be reached, its answer is malformed)
 * is a refusal, never a local charge.
 */
public interface BudgetLedger {

  /** Why a charge was not granted: a reason code and a message without secrets. */
  record Refusal(String reasonCode, String message) {}

  /** Reserves {@code amounts[i]} of {@code budgets.get(i)}; {@code null} when granted, else why not. */
  Refusal charge(List<Budget> budgets, double[] amounts);
}
