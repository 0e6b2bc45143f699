package dev.faramesh.policy;

import dev.faramesh.policy.engine.AgentRules;
import dev.faramesh.policy.engine.Budget;
import dev.faramesh.policy.engine.BudgetLedger;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides actions against a loaded {@link Policy}. Pure and thread-safe: no I/O, no locks on the
 * path of a rule without limits, and the decision of a condition-free rule is a shared object,
 * so a permit costs two hash lookups. Rate-limit and budget counters live here, keyed by the
 * verified identity.
 */
public final class PolicyEngine {

  private final Policy policy;
  private final Mode mode;
  private final Clock clock;
  /** "supervisor\nworker" to the supervisor's budgets that worker spends. */
  private final ConcurrentHashMap<String, List<Budget>> inheritance = new ConcurrentHashMap<>();
  /** "supervisor agent\nsupervisor id" of a supervisor in another process to the ledger that reaches it. */
  private final ConcurrentHashMap<String, BudgetLedger> remote = new ConcurrentHashMap<>();
  private final Decision auditPassThrough = new Decision(Effect.SHADOW_PERMIT, Effect.SHADOW_PERMIT, "", null,
      ReasonCodes.AUDIT_PASSTHROUGH, "audit mode passthrough: rules are not evaluated", null, 0, List.of());

  public PolicyEngine(Policy policy, Mode mode, Clock clock) {
    this.policy = policy;
    this.mode = mode != null ? mode : policy.runtime().mode() != null ? policy.runtime().mode() : Mode.ENFORCE;
    this.clock = clock;
  }

  /** An engine in the policy's own mode (enforce when it names none) on the system clock. */
  public static PolicyEngine of(Policy policy) {
    return new PolicyEngine(policy, null, Clock.systemUTC());
  }

  public Policy policy() {
    return policy;
  }

  public Mode mode() {
    return mode;
  }

  /**
   * The credentials a permitted {@code action} of {@code agentId} may carry to {@code host} (any host
   * when {@code null}): the decision's bindings, or in audit mode, where nothing is denied, every
   * binding of the agent that covers the action.
   */
  public List<CredentialBinding> usableCredentials(String agentId, Action action, Decision decision, String host) {
    List<CredentialBinding> candidates = decision.credentials();
    if (mode == Mode.AUDIT) {
      candidates = new java.util.ArrayList<>();
      for (CredentialBinding b : policy.rulesFor(agentId).bindings()) {
        if (b.coversAction(action.toolId())) {
          candidates.add(b);
        }
      }
    }
    List<CredentialBinding> out = new java.util.ArrayList<>(candidates.size());
    for (CredentialBinding b : candidates) {
      if (host == null || b.allowsHost(host)) {
        out.add(b);
      }
    }
    return out;
  }

  public Decision decide(Action action, Principal principal) {
    long now = clock.millis();
    if (mode == Mode.AUDIT) {
      return auditPassThrough;
    }
    Decision d;
    Instant expiry = principal.expiry();
    if (!principal.verified() && !principal.dev()) {
      d = Decision.deny(ReasonCodes.IDENTITY_UNVERIFIED, "identity " + principal.id() + " is not verified");
    } else if (expiry != null && now >= expiry.toEpochMilli()) {
      d = Decision.deny(ReasonCodes.IDENTITY_EXPIRED, "identity " + principal.id() + " expired at " + expiry);
    } else {
      AgentRules rules = policy.rulesFor(principal.agentId());
      try {
        Principal supervisor = principal.supervisor();
        d = supervisor == null ? rules.decide(action, principal, now)
            : rules.decide(action, principal, now, inherited(supervisor, principal));
      } catch (RuntimeException e) {
        d = Decision.deny(ReasonCodes.INTERNAL_ERROR, "the decision failed: " + e.getClass().getSimpleName());
      }
    }
    if (mode == Mode.SHADOW && !d.allowsCall()) {
      return d.asShadow(ReasonCodes.SHADOW_PASSTHROUGH, "shadow mode: would be " + d.describe());
    }
    return d;
  }

  /**
   * Budgets inherited from the supervisor {@code supervisorAgentId} with identity {@code supervisorId},
   * which lives in another process, are charged through {@code ledger} (its own ledger), never here.
   */
  public void inheritThrough(String supervisorAgentId, String supervisorId, BudgetLedger ledger) {
    remote.put(supervisorAgentId + '\n' + supervisorId, ledger);
  }

  /**
   * The supervisor's budgets a worker spends: those its {@code delegate { to inherits }} names, and
   * only when {@code to} lists the worker; {@code null} when none. Charged to the supervisor's
   * verified identity.
   */
  private AgentRules.Inherited inherited(Principal supervisor, Principal worker) {
    String key = supervisor.agentId() + '\n' + worker.agentId();
    List<Budget> budgets = inheritance.get(key);
    if (budgets == null) {
      AgentPolicy s = policy.agent(supervisor.agentId());
      budgets = s == null || !s.delegatesTo(worker.agentId()) ? List.of() : List.copyOf(s.inheritedBudgets());
      if (inheritance.size() < 1024) {
        inheritance.putIfAbsent(key, budgets);
      }
    }
    return budgets.isEmpty() ? null : new AgentRules.Inherited(budgets, supervisor.id(),
        remote.isEmpty() ? null : remote.get(supervisor.agentId() + '\n' + supervisor.id()));
  }
}
