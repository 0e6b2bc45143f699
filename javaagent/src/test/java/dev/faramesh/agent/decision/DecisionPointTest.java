package dev.faramesh.agent.decision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faramesh.agent.TestAgent;
import dev.faramesh.bootstrap.FarameshDeniedIOException;
import dev.faramesh.policy.Action;
import dev.faramesh.policy.CredentialBinding;
import dev.faramesh.policy.Effect;
import dev.faramesh.policy.HttpTarget;
import dev.faramesh.policy.Mode;
import dev.faramesh.policy.ReasonCodes;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DecisionPointTest {

  private static final String POLICY = """
      credential "openai" {
        env = ["OPENAI_API_KEY"]
        hosts = ["api.openai.com"]
        scope = ["http/*"]
      }
      agent bot {
        default deny
        rules {
          defer http/post host "api.openai.com" path "/v1/refunds" reason: "needs a human"
          permit http/* host "api.openai.com"
          permit http/* host "elsewhere.test"
        }
      }
      """;

  private static Action http(String host, String method, String path) {
    return Action.http(new HttpTarget("https", host, 443, method, path, null), "test");
  }

  private static TestAgent agent(Mode mode) throws Exception {
    return new TestAgent(POLICY, mode, Map.of("OPENAI_API_KEY", "sk-test-value-not-secret-0000"));
  }

  @Test
  void aPermitIsRecordedOnceAndCarriesTheCredentialsScopedToTheHost() throws Exception {
    TestAgent a = agent(null);
    Verdict v = a.decisions.decide(http("api.openai.com", "GET", "/v1/models"), "api.openai.com", 443, b -> true);
    assertThat(v.allowed()).isTrue();
    assertThat(v.credentials()).extracting(CredentialBinding::name).containsExactly("openai");
    Verdict elsewhere = a.decisions.decide(http("elsewhere.test", "GET", "/"), "elsewhere.test", 443, b -> true);
    assertThat(elsewhere.allowed()).isTrue();
    assertThat(elsewhere.credentials()).isEmpty();
    assertThat(a.records).hasSize(2);
    DecisionRecord r = a.records.get(0);
    assertThat(r.principal().dev()).isTrue();
    assertThat(r.principal().id()).startsWith("spiffe://localhost/dev/").endsWith("/test-stack/bot");
    assertThat(r.credentials()).containsExactly("openai");
    assertThat(r.host()).isEqualTo("api.openai.com");
  }

  @Test
  void aRecordThatCannotBeWrittenDeniesTheCall() throws Exception {
    TestAgent a = agent(null);
    a.failWrites = true;
    Verdict v = a.decisions.decide(http("api.openai.com", "GET", "/v1/models"), "api.openai.com", 443, b -> true);
    assertThat(v.allowed()).isFalse();
    assertThat(v.decision().reasonCode()).isEqualTo(ReasonCodes.WAL_WRITE_FAILURE);
    assertThat(v.credentials()).isEmpty();
    FarameshDeniedIOException e = v.ioDenial("https://api.openai.com:443/v1/models");
    assertThat(e.reasonCode()).isEqualTo(ReasonCodes.WAL_WRITE_FAILURE);
    assertThat(e.getMessage()).contains("could not be recorded").contains("disk full");
  }

  @Test
  void aDeferRefusesTheCallAndSaysWhy() throws Exception {
    TestAgent a = agent(null);
    Verdict v = a.decisions.decide(http("api.openai.com", "POST", "/v1/refunds"), "api.openai.com", 443, b -> true);
    assertThat(v.allowed()).isFalse();
    assertThat(v.decision().effect()).isEqualTo(Effect.DEFER);
    FarameshDeniedIOException e = v.ioDenial("https://api.openai.com:443/v1/refunds");
    assertThat(e.ruleId()).startsWith("fpl-");
    assertThat(e.ruleRef()).startsWith("governance.fms:");
    assertThat(e.getMessage()).contains("needs a human").contains("held for approval");
    assertThat(a.records).hasSize(1);
  }

  @Test
  void shadowModeLetsTheCallThroughWithoutCredentialsItWouldNotGet() throws Exception {
    TestAgent a = agent(Mode.SHADOW);
    Verdict v = a.decisions.decide(http("unknown.test", "GET", "/"), "unknown.test", 443, b -> true);
    assertThat(v.allowed()).isTrue();
    assertThat(v.decision().effect()).isEqualTo(Effect.SHADOW_PERMIT);
    assertThat(v.decision().actualEffect()).isEqualTo(Effect.DENY);
    assertThat(v.credentials()).isEmpty();
  }

  @Test
  void auditModeSkipsTheRulesButKeepsCredentialsToTheirHosts() throws Exception {
    TestAgent a = agent(Mode.AUDIT);
    Verdict scoped = a.decisions.decide(http("api.openai.com", "POST", "/v1/refunds"), "api.openai.com", 443,
        b -> true);
    assertThat(scoped.allowed()).isTrue();
    assertThat(scoped.credentials()).extracting(CredentialBinding::name).containsExactly("openai");
    Verdict other = a.decisions.decide(http("exfil.test", "GET", "/"), "exfil.test", 443, b -> true);
    assertThat(other.allowed()).isTrue();
    assertThat(other.credentials()).isEmpty();
  }
}
