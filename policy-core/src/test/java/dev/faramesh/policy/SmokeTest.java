package dev.faramesh.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SmokeTest {

  static Principal dev(String agent) {
    return Principal.builder(agent, "spiffe://localhost/dev/h/s/" + agent).dev(true).build();
  }

  @Test
  void decidesDocumentedPolicy() throws Exception {
    Policy p = Policy.parse("governance.fms", """
        credential "openai-key" {
          backend = "env"
          path    = "OPENAI_API_KEY"
          env     = ["OPENAI_API_KEY"]
          hosts   = ["api.openai.com"]
          scope   = ["llm/*", "http/*"]
          ttl     = "5m"
        }
        agent payments-bot {
          default deny
          rules {
            deny! shell/* reason: "never shell"
            defer stripe/refund when amount > 500 notify: "finance" reason: "high value refund"
            permit stripe/* when amount <= 500
            permit http/post host "api.openai.com" path "/v1/*"
            permit crm/customers/read if customer.tenant == principal.tenant
          }
        }
        """);
    PolicyEngine e = PolicyEngine.of(p);
    Principal bot = dev("payments-bot");
    assertThat(e.decide(Action.tool("stripe/refund", Map.of("amount", 100), "t"), bot).effect()).isEqualTo(Effect.PERMIT);
    assertThat(e.decide(Action.tool("stripe/refund", Map.of("amount", 900), "t"), bot).effect()).isEqualTo(Effect.DEFER);
    assertThat(e.decide(Action.tool("shell/run", Map.of(), "t"), bot).reasonCode()).isEqualTo("FPL_STRICT_DENY");
    Decision http = e.decide(Action.http(new HttpTarget("https", "api.openai.com", 443, "POST", "/v1/chat", null), "t"), bot);
    assertThat(http.effect()).isEqualTo(Effect.PERMIT);
    assertThat(http.credentials()).extracting(CredentialBinding::name).containsExactly("openai-key");
    assertThat(e.decide(Action.http(new HttpTarget("https", "evil.com", 443, "POST", "/v1/chat", null), "t"), bot).effect())
        .isEqualTo(Effect.DENY);
    assertThat(e.decide(Action.tool("crm/customers/read", Map.of("customer", Map.of("tenant", "a")), "t"), bot).effect())
        .isEqualTo(Effect.DENY);
  }

  @Test
  void reportsAllErrorsWithPositions() {
    assertThatThrownBy(() -> Policy.parse("g.fms", """
        agent a {
          rulez { permit x }
          permit y when args.x ==
        }
        idenity "x" { type = "spiffe" }
        """)).isInstanceOf(PolicyException.class)
        .satisfies(t -> System.out.println(t.getMessage()))
        .hasMessageContaining("g.fms:2:3")
        .hasMessageContaining("did you mean \"rules\"");
  }
}
