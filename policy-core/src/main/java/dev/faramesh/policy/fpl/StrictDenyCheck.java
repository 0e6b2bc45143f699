package dev.faramesh.policy.fpl;

import dev.faramesh.policy.Effect;
import dev.faramesh.policy.Glob;
import dev.faramesh.policy.engine.CompiledRule;
import java.util.List;

/**
 * Reports permits that a {@code deny!} overrides. The engine already tries strict denies first,
 * so such a permit can never take effect for the tools the two patterns share; the author should
 * know. Overlap is decided by matching each pattern against the other's text, which catches the
 * usual cases ({@code permit stripe/*} vs {@code deny! stripe/payouts}).
 */
final class StrictDenyCheck {

  private StrictDenyCheck() {}

  static void report(Diagnostics diag, String agent, List<CompiledRule> rules) {
    for (CompiledRule strict : rules) {
      if (!strict.strict()) {
        continue;
      }
      for (CompiledRule permit : rules) {
        if (permit.effect() != Effect.PERMIT || !overlap(strict.tool(), permit.tool())) {
          continue;
        }
        diag.warning(permit.ref(), "in agent " + agent + ", permit " + permit.tool().pattern() + " is overridden by deny! "
            + strict.tool().pattern() + " at " + strict.ref()
            + (strict.condition() == null ? "" : " whenever " + strict.condition().source()));
      }
    }
  }

  static boolean overlap(Glob a, Glob b) {
    return a.matchesEverything() || b.matchesEverything() || a.matches(b.pattern()) || b.matches(a.pattern());
  }
}
