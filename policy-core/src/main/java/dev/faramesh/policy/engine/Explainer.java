package dev.faramesh.policy.engine;

import dev.faramesh.policy.Action;
import dev.faramesh.policy.Principal;
import dev.faramesh.policy.condition.EvalContext;
import dev.faramesh.policy.condition.EvalException;
import dev.faramesh.policy.condition.SessionView;
import java.util.ArrayList;
import java.util.List;

/**
 * Replays the rule search for one action without changing any counter, recording for each rule
 * whose tool pattern matched why it did or did not decide. Used by {@code policy explain}; a fresh
 * session is assumed (first phase, empty history).
 */
public final class Explainer {

  /** One rule the search looked at and what happened. */
  public record Step(CompiledRule rule, String outcome, boolean decisive) {}

  private Explainer() {}

  public static List<Step> trace(AgentRules agent, Action action, Principal principal, long nowMillis) {
    List<Step> steps = new ArrayList<>();
    EvalContext ctx = new EvalContext(action, principal, SessionView.EMPTY, java.util.Map.of(), nowMillis);
    String phase = agent.initialPhase();
    for (CompiledRule r : agent.candidateRules(action.toolId())) {
      if (r.http() != null && !r.http().matches(action)) {
        steps.add(new Step(r, "host/port/method/path clauses do not match", false));
        continue;
      }
      if (r.phase() != null && !r.phase().equals(phase)) {
        steps.add(new Step(r, "belongs to phase " + r.phase() + ", the agent is in " + phase, false));
        continue;
      }
      if (r.condition() != null) {
        try {
          if (!r.condition().test(ctx)) {
            steps.add(new Step(r, "condition is false: " + r.condition().source(), false));
            continue;
          }
        } catch (EvalException e) {
          steps.add(new Step(r, "condition could not be evaluated (" + e.getMessage() + "): denies", true));
          return steps;
        }
        steps.add(new Step(r, "condition is true: " + r.condition().source(), true));
      } else {
        steps.add(new Step(r, r.strict() ? "strict deny matches (tried before every other rule)" : "matches", true));
      }
      return steps;
    }
    return steps;
  }
}
