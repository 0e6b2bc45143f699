package dev.faramesh.policy;

import static dev.faramesh.policy.Fixtures.tool;
import static org.assertj.core.api.Assertions.assertThat;

import dev.faramesh.policy.engine.Budget;
import dev.faramesh.policy.engine.BudgetLedger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Supervisors and workers in the engine: {@code spawn { allow }} and {@code delegate { to }} as the
 * policy reads them, and {@code inherits = ["budget.NAME"]} charging a worker's calls to the
 * supervisor's verified identity, only for workers the supervisor delegates to.
 */
class DelegationTest {

  private static final String POLICY = """
      agent "supervisor" {
        spawn { allow = ["worker-research", "worker-w*"] }
        delegate { to = ["worker-research"] inherits = ["budget.daily"] }
        budget daily { daily $100 cost args.amount }
        budget other { max_calls 1 }
        permit * 
      }
      agent "worker-research" {
        budget own { max $1000 cost args.amount }
        permit web/fetch
      }
      agent "worker-writer" { permit web/fetch }
      """;

  private static Principal supervisor(String id) {
    return Principal.builder("supervisor", id).verified(true).method("spiffe").build();
  }

  private static Principal worker(String agent, String id, Principal supervisor) {
    return Principal.builder(agent, id).verified(true).method("spiffe").supervisor(supervisor)
        .delegatedFrom(List.of(supervisor.id())).build();
  }

  private static Action fetch(int amount) {
    return tool("web/fetch", Map.of("amount", amount));
  }

  @Test
  void spawnAndDelegateListsAreGlobs() {
    AgentPolicy sup = Fixtures.parse(POLICY).agent("supervisor");
    assertThat(sup.maySpawn("worker-research")).isTrue();
    assertThat(sup.maySpawn("worker-writer")).isTrue();
    assertThat(sup.maySpawn("rogue")).isFalse();
    assertThat(sup.delegatesTo("worker-research")).isTrue();
    assertThat(sup.delegatesTo("worker-writer")).isFalse();
    assertThat(sup.inheritedBudgets()).extracting(b -> b.name()).containsExactly("daily");
    assertThat(Fixtures.parse(POLICY).agent("worker-research").maySpawn("supervisor")).isFalse();
  }

  @Test
  void aDelegatedWorkerSpendsTheSupervisorsBudget() {
    PolicyEngine e = PolicyEngine.of(Fixtures.parse(POLICY));
    Principal sup = supervisor("spiffe://corp/agents/sup");
    Principal w = worker("worker-research", "spiffe://corp/agents/research", sup);
    assertThat(e.decide(fetch(60), w).effect()).isEqualTo(Effect.PERMIT);
    Decision second = e.decide(fetch(60), w);
    assertThat(second.effect()).isEqualTo(Effect.DENY);
    assertThat(second.reasonCode()).isEqualTo(ReasonCodes.BUDGET_DAILY_EXCEEDED);
    assertThat(second.reason()).contains("budget daily").contains("inherited from the supervisor");
    // the supervisor itself finds 60 of its 100 spent by the worker
    assertThat(e.decide(tool("web/fetch", Map.of("amount", 50)), sup).reasonCode())
        .isEqualTo(ReasonCodes.BUDGET_DAILY_EXCEEDED);
    assertThat(e.decide(tool("web/fetch", Map.of("amount", 40)), sup).effect()).isEqualTo(Effect.PERMIT);
  }

  @Test
  void theWorkersOwnBudgetStillApplies() {
    PolicyEngine e = PolicyEngine.of(Fixtures.parse(POLICY.replace("daily $100", "daily $100000")));
    Principal sup = supervisor("spiffe://corp/agents/sup");
    Principal w = worker("worker-research", "spiffe://corp/agents/research", sup);
    assertThat(e.decide(fetch(900), w).effect()).isEqualTo(Effect.PERMIT);
    Decision d = e.decide(fetch(200), w);
    assertThat(d.reasonCode()).isEqualTo(ReasonCodes.BUDGET_SESSION_EXCEEDED);
    assertThat(d.reason()).contains("budget own").doesNotContain("inherited");
    // the refused call was given back to the supervisor's ledger: 900 spent, 99,100 left
    assertThat(e.decide(tool("web/fetch", Map.of("amount", 99_100)), sup).effect()).isEqualTo(Effect.PERMIT);
    assertThat(e.decide(tool("web/fetch", Map.of("amount", 1)), sup).reasonCode())
        .isEqualTo(ReasonCodes.BUDGET_DAILY_EXCEEDED);
  }

  @Test
  void onlyWorkersTheSupervisorDelegatesToInherit() {
    PolicyEngine e = PolicyEngine.of(Fixtures.parse(POLICY));
    Principal sup = supervisor("spiffe://corp/agents/sup");
    Principal writer = worker("worker-writer", "spiffe://corp/agents/writer", sup);
    for (int i = 0; i < 3; i++) {
      assertThat(e.decide(fetch(60), writer).effect()).isEqualTo(Effect.PERMIT);
    }
    assertThat(e.decide(tool("web/fetch", Map.of("amount", 100)), sup).effect()).isEqualTo(Effect.PERMIT);
  }

  @Test
  void ledgersAreKeyedByTheSupervisorsIdentityNotItsLabel() {
    PolicyEngine e = PolicyEngine.of(Fixtures.parse(POLICY));
    Principal supA = supervisor("spiffe://corp/agents/sup-a");
    Principal supB = supervisor("spiffe://corp/agents/sup-b");
    assertThat(e.decide(fetch(100), worker("worker-research", "spiffe://corp/agents/r1", supA)).effect())
        .isEqualTo(Effect.PERMIT);
    assertThat(e.decide(fetch(100), worker("worker-research", "spiffe://corp/agents/r2", supB)).effect())
        .isEqualTo(Effect.PERMIT);
    assertThat(e.decide(fetch(1), worker("worker-research", "spiffe://corp/agents/r3", supA)).reasonCode())
        .isEqualTo(ReasonCodes.BUDGET_DAILY_EXCEEDED);
  }

  @Test
  void aSupervisorInAnotherProcessIsChargedThroughItsLedgerNeverLocally() {
    Policy policy = Fixtures.parse(POLICY);
    PolicyEngine e = PolicyEngine.of(policy);
    Principal sup = supervisor("spiffe://corp/agents/sup");
    Principal w = worker("worker-research", "spiffe://corp/agents/research", sup);
    List<String> charged = new java.util.ArrayList<>();
    BudgetLedger.Refusal[] next = {null};
    e.inheritThrough("supervisor", sup.id(), (budgets, amounts) -> {
      for (int k = 0; k < amounts.length; k++) {
        charged.add(budgets.get(k).name() + "=" + amounts[k]);
      }
      return next[0];
    });
    assertThat(e.decide(fetch(60), w).effect()).isEqualTo(Effect.PERMIT);
    assertThat(e.decide(fetch(60), w).effect()).isEqualTo(Effect.PERMIT);
    assertThat(charged).containsExactly("daily=60.0", "daily=60.0");
    Budget daily = policy.agent("supervisor").inheritedBudgets().get(0);
    Budget own = policy.agent("worker-research").rules().budgets().get(0);
    assertThat(daily.spent(sup.id())).containsExactly(0, 0);
    assertThat(own.spent(w.id())[0]).isEqualTo(120);

    next[0] = new BudgetLedger.Refusal(ReasonCodes.BUDGET_DAILY_EXCEEDED, "budget exceeded: daily (remote)");
    Decision refused = e.decide(fetch(60), w);
    assertThat(refused.effect()).isEqualTo(Effect.DENY);
    assertThat(refused.reasonCode()).isEqualTo(ReasonCodes.BUDGET_DAILY_EXCEEDED);
    assertThat(refused.reason()).isEqualTo("budget exceeded: daily (remote)");
    // the worker's own reservation for the refused call was given back
    assertThat(own.spent(w.id())[0]).isEqualTo(120);

    next[0] = null;
    BudgetLedger broken = (budgets, amounts) -> {
      throw new IllegalStateException("boom");
    };
    e.inheritThrough("supervisor", sup.id(), broken);
    assertThat(e.decide(fetch(1), w).reasonCode()).isEqualTo(ReasonCodes.BUDGET_ENDPOINT_UNAVAILABLE);
    assertThat(daily.spent(sup.id())).containsExactly(0, 0);
  }

  @Test
  void identitySettingsForEveryProviderAreAccepted() {
    Policy p = Fixtures.parse("""
        identity "o" { type = "oidc" issuer = "https://idp" audience = "faramesh" socket = "unix:/run/spire.sock" timeout = "3s" }
        identity "k" { type = "k8s-projected" audience = "faramesh" allowed_namespaces = ["agents"] timeout = "3s" }
        identity "a" { type = "aws-workload" role_arn = "arn:aws:iam::1:role/r" token_file = "/t" region = "us-east-1" }
        """);
    assertThat(p.identity("o").string("socket")).isEqualTo("unix:/run/spire.sock");
    assertThat(p.identity("k").list("allowed_namespaces")).containsExactly("agents");
    assertThat(p.identity("a").string("role_arn")).isEqualTo("arn:aws:iam::1:role/r");
  }
}
