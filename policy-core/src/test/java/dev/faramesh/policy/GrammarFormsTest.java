package dev.faramesh.policy;

import static dev.faramesh.policy.Fixtures.dev;
import static dev.faramesh.policy.Fixtures.tool;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every grammar form, both the daemon's and the documents', parses and means what it says. */
class GrammarFormsTest {

  @Test
  void daemonFormsParse() {
    Policy p = Fixtures.parse(Fixtures.resource("daemon-forms.fms"));
    AgentPolicy bot = p.agent("payments-bot");
    assertThat(bot).isNotNull();
    assertThat(bot.defaultEffect()).isEqualTo(Effect.DENY);
    assertThat(bot.model()).isEqualTo("gpt-4o");
    assertThat(bot.framework()).isEqualTo("langgraph");
    assertThat(bot.delegations()).singleElement().satisfies(d -> {
      assertThat(d.target()).isEqualTo("fraud-check-bot");
      assertThat(d.scope()).isEqualTo("stripe/refund:amount<=500");
      assertThat(d.ceiling()).isEqualTo("inherited");
    });
    assertThat(bot.spawnMaxConcurrent()).isEqualTo(3);
    assertThat(p.runtime().mode()).isEqualTo(Mode.ENFORCE);
    assertThat(p.runtime().walDir()).isEqualTo("./faramesh-wal");
    CredentialBinding stripe = p.credentials().get(0);
    assertThat(stripe.name()).isEqualTo("stripe");
    assertThat(stripe.scope()).containsExactly("refund", "read_charge");
    assertThat(stripe.maxScope()).isEqualTo("refund:amount<=1000");
    assertThat(p.warnings()).extracting(Diagnostic::message)
        .anySatisfy(m -> assertThat(m).contains("import").contains("not resolved"))
        .anySatisfy(m -> assertThat(m).contains("redact is accepted but not enforced"))
        .anySatisfy(m -> assertThat(m).contains("permit stripe/* is overridden by deny! stripe/payouts"))
        .noneSatisfy(m -> assertThat(m).contains("egress is accepted"));
  }

  @Test
  void daemonFormsDecide() {
    PolicyEngine e = PolicyEngine.of(Fixtures.parse(Fixtures.resource("daemon-forms.fms")));
    Principal bot = dev("payments-bot");
    assertThat(e.decide(tool("shell/exec"), bot).reasonCode()).isEqualTo(ReasonCodes.STRICT_DENY);
    assertThat(e.decide(tool("fs/delete"), bot).effect()).isEqualTo(Effect.DENY);
    assertThat(e.decide(tool("fs/format"), bot).effect()).isEqualTo(Effect.DENY);
    assertThat(e.decide(tool("fs/read"), bot).effect()).isEqualTo(Effect.PERMIT);
    assertThat(e.decide(tool("reports/generate"), bot).effect()).isEqualTo(Effect.PERMIT);
    assertThat(e.decide(tool("stripe/refund", Map.of("amount", 700)), bot).effect()).isEqualTo(Effect.DEFER);
    Decision refund = e.decide(tool("stripe/refund", Map.of("amount", 700)), bot);
    assertThat(refund.notifyTarget()).isEqualTo("finance");
    assertThat(refund.reason()).isEqualTo("high value refund");
    Decision destructive = e.decide(tool("shell/run", Map.of("cmd", "sudo rm -rf /")), bot);
    assertThat(destructive.reasonCode()).isEqualTo(ReasonCodes.STRICT_DENY);
    // read_customer without the purpose is denied by the purpose rule, with it the phase permits it
    assertThat(e.decide(tool("read_customer"), bot).reason()).isEqualTo("purpose required");
    assertThat(e.decide(tool("read_customer", Map.of("_purpose", "refund_processing")), bot).effect())
        .isEqualTo(Effect.PERMIT);
    // the flat catch-all applies after the agent's own rules
    assertThat(e.decide(tool("unknown/tool"), bot).reason()).isEqualTo("unlisted tools denied by default");
    assertThat(e.decide(Fixtures.http("GET", "https://api.stripe.com/v1/charges"), bot).effect()).isEqualTo(Effect.PERMIT);
    assertThat(e.decide(Fixtures.http("GET", "https://api.stripe.com:8443/v1/charges"), bot).effect()).isEqualTo(Effect.DENY);
    assertThat(e.decide(Fixtures.http("GET", "https://example.com/v1/x"), bot).reasonCode()).isEqualTo(ReasonCodes.EGRESS_DENIED);
  }

  @Test
  void documentedFormsParse() {
    Policy p = Fixtures.parse(Fixtures.resource("documented-forms.fms"));
    IdentityConfig spire = p.identity("spire-default");
    assertThat(spire.type()).isEqualTo("spiffe");
    assertThat(spire.string("socket")).isEqualTo("/run/spire/agent.sock");
    assertThat(spire.string("trust_domain")).isEqualTo("corp.faramesh.dev");
    IdentityConfig okta = p.identity("okta-prod");
    assertThat(okta.type()).isEqualTo("oidc");
    assertThat(okta.string("claim_groups")).isEqualTo("groups");
    assertThat(p.federations()).singleElement().satisfies(f -> {
      assertThat(f.trustDomain()).isEqualTo("spiffe://partner.example.com");
      assertThat(f.bundleUrl()).isEqualTo("https://partner.example.com/spire/bundle");
    });
    CredentialBinding key = p.credentials().get(0);
    assertThat(key.name()).isEqualTo("openai-key");
    assertThat(key.backend()).isEqualTo("env");
    assertThat(key.path()).isEqualTo("OPENAI_API_KEY");
    assertThat(key.env()).containsExactly("OPENAI_API_KEY");
    assertThat(key.hosts()).containsExactly("api.openai.com");
    assertThat(key.scope()).containsExactly("llm/*", "http/*");
    assertThat(key.ttl()).isEqualTo(Duration.ofMinutes(5));
    AgentPolicy sup = p.agent("supervisor");
    assertThat(sup.spawnAllow()).containsExactly("worker-research", "worker-writer");
    assertThat(sup.delegateTo()).containsExactly("worker-research", "worker-writer");
    assertThat(sup.delegateInherits()).containsExactly("budget.daily");
    assertThat(p.agents()).containsKeys("supervisor", "worker-research");
  }

  @Test
  void documentedFormsDecide() {
    PolicyEngine e = PolicyEngine.of(Fixtures.parse(Fixtures.resource("documented-forms.fms")));
    Principal examiner = Fixtures.verified("supervisor", "spiffe://corp/agents/sup",
        Map.of("role", "claims_examiner", "mfa", true, "tenant", "acme"));
    Principal noMfa = Fixtures.verified("supervisor", "spiffe://corp/agents/sup2", Map.of("role", "claims_examiner"));
    assertThat(e.decide(tool("ehr/records/read"), examiner).effect()).isEqualTo(Effect.PERMIT);
    assertThat(e.decide(tool("ehr/records/write"), examiner).effect()).isEqualTo(Effect.PERMIT);
    assertThat(e.decide(tool("ehr/records/write"), noMfa).effect()).isEqualTo(Effect.DENY);
    assertThat(e.decide(tool("crm/customers/read", Map.of("customer", Map.of("tenant", "acme"))), examiner).effect())
        .isEqualTo(Effect.PERMIT);
    Decision other = e.decide(tool("crm/customers/read", Map.of("customer", Map.of("tenant", "globex"))), examiner);
    assertThat(other.effect()).isEqualTo(Effect.DENY);
    assertThat(other.reasonCode()).isEqualTo(ReasonCodes.RULE_DENY);
    assertThat(e.decide(tool("stripe/refund", Map.of("amount", 499.99)), examiner).effect()).isEqualTo(Effect.PERMIT);
    assertThat(e.decide(tool("stripe/refund", Map.of("amount", 500)), examiner).effect()).isEqualTo(Effect.DENY);
    assertThat(e.decide(tool("web/fetch"), dev("worker-research")).effect()).isEqualTo(Effect.PERMIT);
    assertThat(e.decide(tool("filesystem/write"), dev("worker-research")).effect()).isEqualTo(Effect.DENY);
  }

  @Test
  void quotedAndBareAgentNamesAreTheSame() {
    Policy bare = Fixtures.parse("agent payments-bot { default permit }");
    Policy quoted = Fixtures.parse("agent \"payments-bot\" { default permit }");
    assertThat(PolicyEngine.of(bare).decide(tool("x"), dev("payments-bot")).effect()).isEqualTo(Effect.PERMIT);
    assertThat(PolicyEngine.of(quoted).decide(tool("x"), dev("payments-bot")).effect()).isEqualTo(Effect.PERMIT);
  }

  @Test
  void daemonCredentialFormStillBuildsABinding() {
    Policy p = Fixtures.parse("""
        agent a {
          credential stripe { scope refund read_charge backend vault path "secret/data/stripe" ttl 1m }
          permit refund
        }
        """);
    CredentialBinding b = p.credentials().get(0);
    assertThat(b.backend()).isEqualTo("vault");
    assertThat(b.path()).isEqualTo("secret/data/stripe");
    assertThat(b.scope()).containsExactly("refund", "read_charge");
    assertThat(b.ttl()).isEqualTo(Duration.ofMinutes(1));
    assertThat(PolicyEngine.of(p).decide(tool("refund"), dev("a")).credentials()).containsExactly(b);
  }
}
