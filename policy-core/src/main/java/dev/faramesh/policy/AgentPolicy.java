package dev.faramesh.policy;

import dev.faramesh.policy.engine.AgentRules;
import dev.faramesh.policy.engine.Budget;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code agent} block: its name, default effect and compiled rules, which identity block
 * attests it, and the supervisor settings ({@code spawn { allow = [...] }},
 * {@code delegate { to = [...] inherits = [...] }}) the identity layer enforces. Agent names in
 * {@code allow} and {@code to} may be globs ({@code worker-*}).
 */
public record AgentPolicy(String name, SourceRef ref, Effect defaultEffect, AgentRules rules, String identity,
    List<String> spawnAllow, long spawnMaxConcurrent, List<String> delegateTo, List<String> delegateInherits,
    List<Delegation> delegations, String model, String framework) {

  /** Whether {@code spawn { allow = [...] }} lets this agent spawn {@code agent}; nothing is allowed without it. */
  public boolean maySpawn(String agent) {
    return listed(spawnAllow, agent);
  }

  /** Whether {@code delegate { to = [...] }} lets this agent delegate to {@code agent}. */
  public boolean delegatesTo(String agent) {
    return listed(delegateTo, agent);
  }

  /**
   * This agent's budgets that the workers it delegates to spend: {@code inherits = ["budget.daily"]}
   * names the budget {@code daily}; {@code "budget.*"} names all of them.
   */
  public List<Budget> inheritedBudgets() {
    List<Budget> out = new ArrayList<>();
    for (Budget b : rules.budgets()) {
      for (String inherit : delegateInherits) {
        if (inherit.startsWith("budget.") && Glob.path(inherit.substring("budget.".length())).matches(b.name())) {
          out.add(b);
          break;
        }
      }
    }
    return out;
  }

  private static boolean listed(List<String> patterns, String agent) {
    for (String p : patterns) {
      if (Glob.path(p).matches(agent)) {
        return true;
      }
    }
    return false;
  }
}
