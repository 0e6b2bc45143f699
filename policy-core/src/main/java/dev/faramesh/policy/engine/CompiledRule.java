package dev.faramesh.policy.engine;

import dev.faramesh.policy.Action;
import dev.faramesh.policy.Effect;
import dev.faramesh.policy.Glob;
import dev.faramesh.policy.SourceRef;
import dev.faramesh.policy.condition.Condition;

/**
 * One rule after compilation: its id ({@code fpl-N}, N its ordinal in the file), effect, whether
 * it is a strict {@code deny!}, the tool glob, optional HTTP clauses and condition, the phase it
 * belongs to (or {@code null}) and the reason and notify target as written.
 */
public record CompiledRule(String id, Effect effect, boolean strict, Glob tool, HttpMatch http, Condition condition,
    String phase, String reason, String notifyTarget, SourceRef ref) {

  /** Whether the clauses that need no evaluation context (tool glob, HTTP clauses) match. */
  public boolean matchesStatically(Action action) {
    return http == null || http.matches(action);
  }

  /** The rule as a user would recognise it: {@code deny! shell/* at governance.fms:4:5}. */
  public String describe() {
    String word = strict ? "deny!" : effect.name().toLowerCase(java.util.Locale.ROOT);
    return word + " " + tool.pattern() + (condition == null ? "" : " when " + condition.source()) + " at " + ref;
  }
}
