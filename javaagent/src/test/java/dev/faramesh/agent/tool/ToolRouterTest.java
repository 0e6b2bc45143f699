package dev.faramesh.agent.tool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faramesh.agent.TestAgent;
import dev.faramesh.bootstrap.FarameshDeniedException;
import dev.faramesh.bootstrap.ToolCallRefusal;
import dev.faramesh.interceptors.ToolCall;
import dev.faramesh.policy.CredentialBinding;
import dev.faramesh.policy.Mode;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The agent side of a tool call: one decision, a refusal in the adapter's terms, and for a permit
 * with a credential binding a lease bound to the calling thread for that call only.
 */
class ToolRouterTest {

  static final String SECRET = "crm_0123456789abcdefghijklmnopqrstuv";

  static final String POLICY = """
      credential "crm" {
        backend = "env"
        env     = ["CRM_TOKEN"]
        hosts   = ["crm.internal.test"]
        scope   = ["fetch_crm"]
      }
      agent bot {
        default deny
        rules {
          deny refund_payment when amount > 500 reason: "too much"
          permit refund_payment
          permit fetch_crm
        }
      }
      """;

  /** Tool calls given as (tool id, arguments); a refusal is a string. */
  static final class FakeAdapter implements ToolAdapter {
    @Override
    public String name() {
      return "fake";
    }

    @Override
    @SuppressWarnings("unchecked")
    public ToolCall describe(Object target, Object arg0, Object arg1) {
      return new ToolCall((String) arg0, (Map<String, Object>) arg1);
    }

    @Override
    public ToolCallRefusal refuse(Object target, Object arg0, Object arg1, FarameshDeniedException denial) {
      return ToolCallRefusal.returning("refused: " + denial.getMessage());
    }
  }

  private final TestAgent agent;
  private final ToolRouter router;
  private final CredentialBinding crm;

  ToolRouterTest() throws Exception {
    agent = new TestAgent(POLICY, Mode.ENFORCE, Map.of("CRM_TOKEN", SECRET));
    router = new ToolRouter(agent.decisions, agent.broker).register("fake.call", new FakeAdapter());
    crm = agent.broker.binding("crm");
  }

  @AfterEach
  void noLeaseLeftOnTheThread() {
    assertThat(ToolLease.current()).isNull();
  }

  @Test
  void aPermittedCallWithABindingHoldsTheRealValueOnlyOnItsThreadAndOnlyUntilItReturns() throws Exception {
    Object handle = router.call("fake.call", null, "fetch_crm", Map.of("path", "/crm/1"));
    assertThat(handle).isInstanceOf(ToolLease.class);
    ToolLease lease = ToolLease.current();
    assertThat(lease).isSameAs(handle);
    assertThat(lease.toolId()).isEqualTo("fetch_crm");
    assertThat(lease.bindingsFor("crm.internal.test")).extracting(CredentialBinding::name).containsExactly("crm");
    assertThat(lease.bindingsFor("exfil.evil.test")).isEmpty();
    assertThat(lease.value(crm)).isEqualTo(SECRET);

    AtomicReference<ToolLease> onAnotherThread = new AtomicReference<>(lease);
    Thread t = new Thread(() -> onAnotherThread.set(ToolLease.current()));
    t.start();
    t.join();
    assertThat(onAnotherThread.get()).isNull();

    router.end(handle);
    assertThat(ToolLease.current()).isNull();
    assertThat(lease.ended()).isTrue();
    assertThat(lease.value(crm)).isNull();
    assertThat(agent.records).hasSize(1);
  }

  @Test
  void aPermittedCallOutsideTheBindingsScopeGetsNoLease() {
    Object handle = router.call("fake.call", null, "refund_payment", Map.of("amount", 120));
    assertThat(handle).isNull();
    assertThat(ToolLease.current()).isNull();
    assertThat(agent.records).singleElement().satisfies(r -> assertThat(r.decision().effect().name()).isEqualTo("PERMIT"));
  }

  @Test
  void aDeniedCallIsRefusedInTheAdaptersTermsAfterOneDecision() {
    Object handle = router.call("fake.call", null, "refund_payment", Map.of("amount", 900));
    assertThat(handle).isInstanceOf(ToolCallRefusal.class);
    assertThat((String) ((ToolCallRefusal) handle).value()).startsWith("refused: faramesh denied refund_payment")
        .contains("[RULE_DENY]").contains("too much");
    assertThat(ToolLease.current()).isNull();
    assertThat(agent.records).hasSize(1);
  }

  @Test
  void aNestedLeaseGivesTheOuterOneBackWhenItEnds() {
    ToolLease outer = ToolLease.begin(agent.broker, "outer", java.util.List.of(crm));
    ToolLease inner = ToolLease.begin(agent.broker, "inner", java.util.List.of());
    assertThat(ToolLease.current()).isSameAs(inner);
    assertThat(inner.value(crm)).isNull();
    inner.end();
    assertThat(ToolLease.current()).isSameAs(outer);
    assertThat(outer.value(crm)).isEqualTo(SECRET);
    outer.end();
  }
}
