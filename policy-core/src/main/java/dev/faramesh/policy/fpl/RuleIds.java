package dev.faramesh.policy.fpl;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Numbers every rule of a file in source order ({@code fpl-1}, {@code fpl-2}, ...), whether it
 * sits in an agent, a phase or at the top level, so an id is stable when agents are reordered in
 * the compiler and the same for every agent sharing a flat rule.
 */
final class RuleIds {

  private final Map<Ast.Rule, String> ids = new IdentityHashMap<>();

  RuleIds(Ast.Document doc) {
    List<Ast.Rule> all = new ArrayList<>(doc.flatRules);
    for (Ast.AgentDecl a : doc.agents) {
      all.addAll(a.body().rules);
      for (Ast.Phase p : a.body().phases) {
        all.addAll(p.rules());
      }
    }
    all.sort(Comparator.comparingInt((Ast.Rule r) -> r.at().line()).thenComparingInt(r -> r.at().column()));
    for (int k = 0; k < all.size(); k++) {
      ids.put(all.get(k), "fpl-" + (k + 1));
    }
  }

  String of(Ast.Rule r) {
    return ids.get(r);
  }
}
