package dev.faramesh.policy.engine;

import dev.faramesh.policy.CredentialBinding;
import dev.faramesh.policy.Decision;
import dev.faramesh.policy.Effect;
import dev.faramesh.policy.ReasonCodes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the rules that can match a tool id without scanning the others: literal tool patterns are
 * looked up in a map, glob patterns are tested once per new tool id, and the result is cached
 * (bounded, so tool ids chosen by a model cannot grow memory without limit).
 */
final class RuleIndex {

  private static final int MAX_CACHED = 4096;

  private final AgentRules agent;
  private final Map<String, List<Integer>> literal = new HashMap<>();
  private final List<Integer> globbed = new ArrayList<>();
  private final ConcurrentHashMap<String, Candidates> cache = new ConcurrentHashMap<>();

  RuleIndex(AgentRules agent) {
    this.agent = agent;
    List<CompiledRule> rules = agent.rules();
    for (int k = 0; k < rules.size(); k++) {
      CompiledRule r = rules.get(k);
      if (r.tool().isLiteral()) {
        literal.computeIfAbsent(r.tool().pattern(), t -> new ArrayList<>()).add(k);
      } else {
        globbed.add(k);
      }
    }
  }

  Candidates candidates(String toolId) {
    Candidates c = cache.get(toolId);
    if (c == null) {
      c = build(toolId);
      if (cache.size() < MAX_CACHED) {
        Candidates prior = cache.putIfAbsent(toolId, c);
        if (prior != null) {
          c = prior;
        }
      }
    }
    return c;
  }

  private Candidates build(String toolId) {
    List<Integer> hits = new ArrayList<>(literal.getOrDefault(toolId, List.of()));
    for (int k : globbed) {
      if (agent.rules().get(k).tool().matches(toolId)) {
        hits.add(k);
      }
    }
    hits.sort(Integer::compare);
    List<CompiledRule> strict = new ArrayList<>();
    List<CompiledRule> rest = new ArrayList<>();
    for (int k : hits) {
      CompiledRule r = agent.rules().get(k);
      (r.strict() ? strict : rest).add(r);
    }
    strict.addAll(rest);
    List<CredentialBinding> creds = new ArrayList<>();
    for (CredentialBinding b : agent.bindings()) {
      if (b.coversAction(toolId)) {
        creds.add(b);
      }
    }
    List<CredentialBinding> usable = List.copyOf(creds);
    CompiledRule[] rules = strict.toArray(new CompiledRule[0]);
    Decision[] decisions = new Decision[rules.length];
    for (int k = 0; k < rules.length; k++) {
      decisions[k] = ruleDecision(rules[k], usable);
    }
    List<RateLimit> limits = new ArrayList<>();
    for (RateLimit l : agent.rateLimits()) {
      if (l.covers(toolId)) {
        limits.add(l);
      }
    }
    List<Budget> budgets = new ArrayList<>();
    for (Budget b : agent.budgets()) {
      if (b.covers(toolId)) {
        budgets.add(b);
      }
    }
    return new Candidates(rules, decisions, defaultDecision(toolId, usable), limits.toArray(new RateLimit[0]),
        budgets.toArray(new Budget[0]));
  }

  private static Decision ruleDecision(CompiledRule r, List<CredentialBinding> creds) {
    String code;
    String verb;
    switch (r.effect()) {
      case PERMIT: code = ReasonCodes.RULE_PERMIT; verb = "permitted"; break;
      case DEFER: code = ReasonCodes.RULE_DEFER; verb = "held for approval"; break;
      default:
        code = r.strict() ? ReasonCodes.STRICT_DENY : ReasonCodes.RULE_DENY;
        verb = "denied";
    }
    String reason = r.reason() != null ? r.reason() : verb + " by rule " + r.id();
    return new Decision(r.effect(), r.effect(), r.id(), r.ref(), code, reason, r.notifyTarget(), 0,
        r.effect() == Effect.PERMIT ? creds : List.of());
  }

  private Decision defaultDecision(String toolId, List<CredentialBinding> creds) {
    Effect e = agent.defaultEffect();
    String code = e == Effect.PERMIT ? ReasonCodes.UNMATCHED_PERMIT
        : e == Effect.DEFER ? ReasonCodes.UNMATCHED_DEFER
        : agent.declared() ? ReasonCodes.UNMATCHED_DENY : ReasonCodes.UNKNOWN_AGENT;
    String reason = agent.declared()
        ? "no rule of agent " + agent.name() + " matches " + toolId + "; default " + e.name().toLowerCase(java.util.Locale.ROOT)
        : "agent \"" + agent.name() + "\" is not declared in the policy and no rule matches " + toolId;
    return new Decision(e, e, "", null, code, reason, null, 0, e == Effect.PERMIT ? creds : List.of());
  }
}
