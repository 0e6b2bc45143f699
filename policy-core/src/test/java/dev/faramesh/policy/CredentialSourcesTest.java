package dev.faramesh.policy;

import static dev.faramesh.policy.Fixtures.dev;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Where the broker's configuration comes from in the policy: {@code field} and {@code version} of a
 * credential, {@code provider} blocks, and credentials registered outside the file.
 */
class CredentialSourcesTest {

  @Test
  void fieldAndVersionAreKept() throws Exception {
    Policy p = Policy.parse("t.fms", """
        credential "db" { backend = "vault" path = "secret/data/db" field = "password" version = 3 hosts = ["h"] }
        credential "aws" { backend = "aws" path = "prod/key" version = "AWSPREVIOUS" hosts = ["h"] }
        credential "plain" { backend = "gcp-sm" path = "s" hosts = ["h"] }
        """);
    assertThat(p.credentials()).extracting(CredentialBinding::field).containsExactly("password", null, null);
    assertThat(p.credentials()).extracting(CredentialBinding::version).containsExactly("3", "AWSPREVIOUS", null);
    assertThat(p.credentials()).extracting(CredentialBinding::backend).containsExactly("vault", "aws-sm", "gcp-sm");
  }

  @Test
  void providerBlocksAreCompiledWithTheirBackendNames() throws Exception {
    Policy p = Policy.parse("t.fms", """
        provider "corp-vault" { type = "vault" address = "http://127.0.0.1:8200" token = env("VAULT_TOKEN") auth_mount = "approle" }
        provider "aws" { type = "aws_secrets_manager" region = "eu-west-1" }
        """);
    assertThat(p.providers()).extracting(ProviderConfig::type).containsExactly("vault", "aws-sm");
    ProviderConfig vault = p.providers().get(0);
    assertThat(vault.name()).isEqualTo("corp-vault");
    assertThat(vault.settings()).containsEntry("addr", "http://127.0.0.1:8200").containsEntry("auth_mount", "approle");
    assertThat(vault.settings().get("token")).isEqualTo(new EnvReference("VAULT_TOKEN"));
    assertThat(p.providers().get(1).settings()).containsEntry("region", "eu-west-1");
  }

  @Test
  void registeredCredentialsApplyToEveryAgentAndThePolicyWinsOnAName() throws Exception {
    SourceRef registry = new SourceRef(".faramesh/credentials.json", 1, 1);
    CredentialBinding stripe = new CredentialBinding("stripe-key", "vault", "secret/data/stripe/api-key",
        List.of("STRIPE_API_KEY"), List.of("api.stripe.com"), List.of(), Duration.ofMinutes(2), null, registry);
    CredentialBinding shadowed = new CredentialBinding("openai", "vault", "secret/data/openai", List.of(),
        List.of("api.openai.com"), List.of(), Duration.ofMinutes(2), null, registry);
    Policy p = Policy.parse("t.fms", """
        agent bot {
          credential "openai" { backend = "env" env = ["OPENAI_API_KEY"] hosts = ["api.openai.com"] }
          rules { permit http/* }
        }
        """, List.of(stripe, shadowed));
    assertThat(p.credentials()).extracting(CredentialBinding::name).containsExactlyInAnyOrder("stripe-key", "openai");
    assertThat(p.credentials().stream().filter(b -> b.name().equals("openai")).findFirst().orElseThrow().backend())
        .isEqualTo("env");
    assertThat(p.warnings()).extracting(Diagnostic::message)
        .anySatisfy(m -> assertThat(m).contains("\"openai\" is registered").contains("policy's block is used"));
    Decision d = new PolicyEngine(p, null, java.time.Clock.systemUTC())
        .decide(Action.http(new HttpTarget("https", "api.stripe.com", 443, "POST", "/v1/charges", null), "test"), dev("bot"));
    assertThat(d.credentials()).extracting(CredentialBinding::name).contains("stripe-key");
  }
}
