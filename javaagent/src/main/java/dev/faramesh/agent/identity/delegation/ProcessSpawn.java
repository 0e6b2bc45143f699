package dev.faramesh.agent.identity.delegation;

import dev.faramesh.agent.decision.Verdict;
import java.util.Map;

/**
 * The outcome of launching a worker process: refused ({@code denial}, recorded as an
 * {@code agent/spawn} DPR), or allowed with the delegation token to put into the child's
 * environment ({@code null} when the supervisor's identity holds no signing key or the launch
 * cannot be bound to the worker's command line) and, when the worker inherits budgets, the
 * variables that lead it to its supervisor's {@link BudgetEndpoint} ({@code budget}, else empty).
 */
public record ProcessSpawn(Verdict denial, String token, Map<String, String> budget) {

  public ProcessSpawn {
    budget = Map.copyOf(budget);
  }

  public static ProcessSpawn refused(Verdict denial) {
    return new ProcessSpawn(denial, null, Map.of());
  }

  public static ProcessSpawn allowed(String token) {
    return new ProcessSpawn(null, token, Map.of());
  }

  public static ProcessSpawn allowed(String token, Map<String, String> budget) {
    return new ProcessSpawn(null, token, budget);
  }

  public boolean allowed() {
    return denial == null;
  }

  @Override
  public String toString() {
    // never the token nor the budget secret
    return allowed() ? "ProcessSpawn[allowed" + (token == null ? "" : ", with token")
        + (budget.isEmpty() ? "" : ", with budget grant") + "]"
        : "ProcessSpawn[refused " + denial.decision().reasonCode() + "]";
  }
}
