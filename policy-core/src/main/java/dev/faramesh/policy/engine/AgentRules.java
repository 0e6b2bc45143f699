package dev.faramesh.policy.engine;

import dev.faramesh.policy.Action;
import dev.faramesh.policy.CredentialBinding;
import dev.faramesh.policy.Decision;
import dev.faramesh.policy.Effect;
import dev.faramesh.policy.Principal;
import dev.faramesh.policy.ReasonCodes;
import dev.faramesh.policy.condition.EvalContext;
import dev.faramesh.policy.condition.EvalException;
import dev.faramesh.policy.condition.Missing;
import dev.faramesh.policy.condition.SessionView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One agent's compiled policy and the decision procedure over it: first matching rule wins, with
 * {@code deny!} rules tried before all others so no permit can override them; then the agent's
 * default. A permit is then checked against the rate limits and budgets that cover the tool, per
 * verified identity. Any evaluation error denies.
 */
public final class AgentRules {

  /**
   * Budgets of a supervisor that a worker spends under {@code delegate { inherits = ["budget.x"] }}:
   * the worker's permitted calls that a budget covers are charged to {@code owner}, the
   * supervisor's verified identity, on top of the worker's own limits; through {@code ledger} when
   * the supervisor is another process ({@code null}: this process's budgets).
   */
  public record Inherited(List<Budget> budgets, String owner, BudgetLedger ledger) {
    public Inherited(List<Budget> budgets, String owner) {
      this(budgets, owner, null);
    }
  }

  /** A phase: how long it lasts (0: until further notice) and the phase after it. */
  public record PhaseSpec(String name, long durationMillis, String next) {}

  private final String name;
  private final boolean declared;
  private final Effect defaultEffect;
  private final List<CompiledRule> rules;
  private final List<CredentialBinding> bindings;
  private final List<RateLimit> rateLimits;
  private final List<Budget> budgets;
  private final Map<String, Object> vars;
  private final Map<String, PhaseSpec> phases;
  private final String initialPhase;
  private final Egress egress;
  private final boolean needsSession;
  private final RuleIndex index;
  private final ConcurrentHashMap<String, SessionState> sessions = new ConcurrentHashMap<>();

  public AgentRules(String name, boolean declared, Effect defaultEffect, List<CompiledRule> rules,
      List<CredentialBinding> bindings, List<RateLimit> rateLimits, List<Budget> budgets, Map<String, Object> vars,
      Map<String, PhaseSpec> phases, Egress egress, boolean readsSession) {
    this.name = name;
    this.declared = declared;
    this.defaultEffect = defaultEffect;
    this.rules = List.copyOf(rules);
    this.bindings = List.copyOf(bindings);
    this.rateLimits = List.copyOf(rateLimits);
    this.budgets = List.copyOf(budgets);
    this.vars = Map.copyOf(vars);
    this.phases = phases;
    this.initialPhase = phases.isEmpty() ? null : phases.keySet().iterator().next();
    this.egress = egress;
    this.needsSession = readsSession || !phases.isEmpty();
    this.index = new RuleIndex(this);
  }

  public String name() { return name; }
  /** False for the implicit agent used when a label is not declared in the policy. */
  public boolean declared() { return declared; }
  public Effect defaultEffect() { return defaultEffect; }
  public List<CompiledRule> rules() { return rules; }
  public List<CredentialBinding> bindings() { return bindings; }
  public List<RateLimit> rateLimits() { return rateLimits; }
  public List<Budget> budgets() { return budgets; }
  String initialPhase() { return initialPhase; }
  PhaseSpec phase(String phase) { return phases.get(phase); }

  /** The rules that could match {@code toolId}, in the order they are tried. */
  public List<CompiledRule> candidateRules(String toolId) {
    return List.of(index.candidates(toolId).rules);
  }

  /** Decides {@code action} for {@code principal} at {@code nowMillis}, as the rules say (no mode applied). */
  public Decision decide(Action action, Principal principal, long nowMillis) {
    return decide(action, principal, nowMillis, null);
  }

  /** As {@link #decide(Action, Principal, long)}, also charging {@code inherited} budgets (may be null). */
  public Decision decide(Action action, Principal principal, long nowMillis, Inherited inherited) {
    if (egress != null && action.http() != null && !egress.permits(action.http().host())) {
      return Decision.deny(ReasonCodes.EGRESS_DENIED, "host " + action.http().host() + " is not in agent " + name
          + "'s egress allow list");
    }
    Candidates c = index.candidates(action.toolId());
    SessionState session = needsSession ? session(principal, nowMillis) : null;
    String phase = session == null ? null : session.phaseAt(nowMillis);
    EvalContext ctx = null;
    Decision d = c.fallback;
    CompiledRule[] rs = c.rules;
    for (int k = 0; k < rs.length; k++) {
      CompiledRule r = rs[k];
      if (r.http() != null && !r.http().matches(action)) {
        continue;
      }
      if (r.phase() != null && !r.phase().equals(phase)) {
        continue;
      }
      if (r.condition() != null) {
        if (ctx == null) {
          ctx = new EvalContext(action, principal, session == null ? SessionView.EMPTY : session, vars, nowMillis);
        }
        try {
          if (!r.condition().test(ctx)) {
            continue;
          }
        } catch (EvalException | RuntimeException e) {
          d = new Decision(Effect.DENY, Effect.DENY, r.id(), r.ref(), ReasonCodes.EXPR_RUNTIME_ERROR,
              "condition of rule " + r.id() + " could not be evaluated: " + e.getMessage(), null, 0, List.of());
          break;
        }
      }
      d = c.decisions[k];
      break;
    }
    Budget[] budgets = c.budgets;
    String[] owners = null;
    List<Budget> remote = List.of();
    if (inherited != null && inherited.ledger() != null && d.effect() == Effect.PERMIT) {
      remote = new ArrayList<>();
      for (Budget b : inherited.budgets()) {
        if (b.covers(action.toolId())) {
          remote.add(b);
        }
      }
    } else if (inherited != null && d.effect() == Effect.PERMIT) {
      List<Budget> extra = new ArrayList<>();
      for (Budget b : inherited.budgets()) {
        if (b.covers(action.toolId())) {
          extra.add(b);
        }
      }
      if (!extra.isEmpty()) {
        budgets = Arrays.copyOf(c.budgets, c.budgets.length + extra.size());
        owners = new String[budgets.length];
        Arrays.fill(owners, principal.id());
        for (int k = 0; k < extra.size(); k++) {
          budgets[c.budgets.length + k] = extra.get(k);
          owners[c.budgets.length + k] = inherited.owner();
        }
      }
    }
    if (d.effect() == Effect.PERMIT && (c.limits.length > 0 || budgets.length > 0 || !remote.isEmpty())) {
      d = applyLimits(c.limits, budgets, owners, d, action, principal, session, nowMillis);
      if (d.effect() == Effect.PERMIT && !remote.isEmpty()) {
        d = chargeRemote(remote, inherited.ledger(), c.limits, budgets, owners, d, action, principal, session,
            nowMillis);
      }
    }
    if (session != null) {
      session.record(action.toolId(), d.effect() == Effect.PERMIT, nowMillis);
    }
    return d;
  }

  /** {@code owners[b]} is whose ledger {@code budgets[b]} is charged to; {@code null}: all the caller's. */
  private Decision applyLimits(RateLimit[] limits, Budget[] budgets, String[] owners, Decision d, Action action,
      Principal principal, SessionState session, long now) {
    String who = principal.id();
    int acquired = 0;
    for (; acquired < limits.length; acquired++) {
      long waitMillis = limits[acquired].tryAcquire(who, now);
      if (waitMillis > 0) {
        for (int k = 0; k < acquired; k++) {
          limits[k].release(who);
        }
        long seconds = (waitMillis + 999) / 1000;
        return new Decision(Effect.DENY, Effect.DENY, d.ruleId(), d.ruleRef(), ReasonCodes.RATE_EXCEEDED,
            "rate limit exceeded: " + limits[acquired].describe(), null, seconds, List.of());
      }
    }
    double[] costs = new double[budgets.length];
    for (int b = 0; b < budgets.length; b++) {
      Budget budget = budgets[b];
      String failure;
      try {
        costs[b] = cost(budget, action, principal, session, now);
        failure = budget.tryReserve(owners == null ? who : owners[b], costs[b], now);
      } catch (EvalException e) {
        failure = ReasonCodes.EXPR_RUNTIME_ERROR;
      }
      if (failure != null) {
        for (int k = 0; k < b; k++) {
          budgets[k].release(owners == null ? who : owners[k], costs[k]);
        }
        for (RateLimit l : limits) {
          l.release(who);
        }
        Effect e = budget.onExceed() == Effect.DEFER ? Effect.DEFER : Effect.DENY;
        String why = ReasonCodes.EXPR_RUNTIME_ERROR.equals(failure)
            ? "the cost of this call for " + budget.describe() + " could not be computed"
            : "budget exceeded: " + budget.describe()
                + (owners != null && !owners[b].equals(who) ? " (inherited from the supervisor)" : "");
        return new Decision(e, e, d.ruleId(), d.ruleRef(), failure, why, null, 0, List.of());
      }
    }
    return d;
  }

  /**
   * Charges the inherited budgets kept by the supervisor's process, after this process's own limits
   * were reserved (so a refusal here gives those back and nothing remote needs giving back).
   */
  private Decision chargeRemote(List<Budget> remote, BudgetLedger ledger, RateLimit[] limits, Budget[] budgets,
      String[] owners, Decision d, Action action, Principal principal, SessionState session, long now) {
    double[] amounts = new double[remote.size()];
    BudgetLedger.Refusal refusal = null;
    Budget failed = null;
    for (int k = 0; k < amounts.length; k++) {
      try {
        amounts[k] = cost(remote.get(k), action, principal, session, now);
      } catch (EvalException e) {
        failed = remote.get(k);
        refusal = new BudgetLedger.Refusal(ReasonCodes.EXPR_RUNTIME_ERROR, "the cost of this call for "
            + failed.describe() + " could not be computed");
        break;
      }
    }
    if (refusal == null) {
      try {
        refusal = ledger.charge(remote, amounts);
      } catch (RuntimeException e) {
        refusal = new BudgetLedger.Refusal(ReasonCodes.BUDGET_ENDPOINT_UNAVAILABLE,
            "the supervisor's budget could not be charged: " + e.getClass().getSimpleName());
      }
    }
    if (refusal == null) {
      return d;
    }
    String who = principal.id();
    // the local reservations were made with the same costs: recompute them to give them back
    for (int b = 0; b < budgets.length; b++) {
      try {
        budgets[b].release(owners == null ? who : owners[b], cost(budgets[b], action, principal, session, now));
      } catch (EvalException e) {
        // it could be computed a moment ago; nothing was reserved otherwise
      }
    }
    for (RateLimit l : limits) {
      l.release(who);
    }
    boolean defer = failed == null && remote.size() == 1 && remote.get(0).onExceed() == Effect.DEFER
        && (ReasonCodes.BUDGET_DAILY_EXCEEDED.equals(refusal.reasonCode())
            || ReasonCodes.BUDGET_SESSION_EXCEEDED.equals(refusal.reasonCode()));
    Effect e = defer ? Effect.DEFER : Effect.DENY;
    return new Decision(e, e, d.ruleId(), d.ruleRef(), refusal.reasonCode(), refusal.message(), null, 0, List.of());
  }

  private double cost(Budget budget, Action action, Principal principal, SessionState session, long now)
      throws EvalException {
    if (budget.cost() == null) {
      return 0;
    }
    Object v = budget.cost().eval(new EvalContext(action, principal, session == null ? SessionView.EMPTY : session,
        vars, now));
    if (v == Missing.VALUE || v == null) {
      return 0;
    }
    if (!(v instanceof Number)) {
      throw new EvalException("the cost of a call must be a number");
    }
    double amount = ((Number) v).doubleValue();
    if (amount < 0 || Double.isNaN(amount)) {
      throw new EvalException("the cost of a call must not be negative");
    }
    return amount;
  }

  private SessionState session(Principal principal, long now) {
    SessionState s = sessions.get(principal.id());
    if (s == null) {
      s = sessions.computeIfAbsent(principal.id(), k -> new SessionState(this, k, now));
    }
    return s;
  }
}
