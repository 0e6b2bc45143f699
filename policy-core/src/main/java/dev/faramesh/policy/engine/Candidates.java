package dev.faramesh.policy.engine;

import dev.faramesh.policy.Decision;

/**
 * Everything about one tool id that does not depend on the call: the rules whose tool glob
 * matches it, strict denies first and then in file order, each with its ready-made decision;
 * the agent's default decision; and the rate limits and budgets that cover it. Built once per
 * tool id and cached, so a decision never looks at rules that cannot match.
 */
final class Candidates {

  final CompiledRule[] rules;
  final Decision[] decisions;
  final Decision fallback;
  final RateLimit[] limits;
  final Budget[] budgets;

  Candidates(CompiledRule[] rules, Decision[] decisions, Decision fallback, RateLimit[] limits, Budget[] budgets) {
    this.rules = rules;
    this.decisions = decisions;
    this.fallback = fallback;
    this.limits = limits;
    this.budgets = budgets;
  }
}
