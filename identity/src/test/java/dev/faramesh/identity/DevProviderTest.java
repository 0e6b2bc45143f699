package dev.faramesh.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faramesh.policy.IdentityConfig;
import dev.faramesh.policy.Mode;
import dev.faramesh.policy.Principal;
import dev.faramesh.policy.RuntimeSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DevProviderTest {

  private final IdentityProviders providers = IdentityProviders.load(getClass().getClassLoader());

  @Test
  void devIdentityHasTheDocumentedShapeAndIsTaggedDev() throws Exception {
    IdentityProvider dev = providers.forType("dev");
    assertThat(dev).isNotNull();
    assertThat(dev.attests()).isFalse();
    dev.configure(new IdentityContext(null, RuntimeSettings.EMPTY, Map.of(), Path.of("/srv/payments stack")));
    Principal p = dev.attest("payments-bot");
    assertThat(p.id()).matches("spiffe://localhost/dev/[A-Za-z0-9._-]+/payments-stack/payments-bot");
    assertThat(p.dev()).isTrue();
    assertThat(p.verified()).isFalse();
    assertThat(p.method()).isEqualTo("dev");
    assertThat(p.agentId()).isEqualTo("payments-bot");
  }

  @Test
  void stackAndTrustDomainComeFromThePolicy() throws Exception {
    IdentityProvider dev = providers.forType("dev");
    IdentityConfig config = new IdentityConfig("local", "dev", Map.of("trust_domain", "Example.TEST"), null);
    dev.configure(new IdentityContext(config, new RuntimeSettings(Mode.SHADOW, null, List.of(), "local", "shop"),
        Map.of(), Path.of("/tmp/x")));
    assertThat(dev.attest("bot").id()).startsWith("spiffe://example.test/dev/").endsWith("/shop/bot");
  }

  @Test
  void unconfiguredProviderRefuses() {
    assertThatThrownBy(() -> providers.forType("dev").attest("x")).isInstanceOf(IdentityException.class);
    assertThat(providers.types()).containsExactlyInAnyOrder("dev", "spiffe", "oidc", "k8s-projected",
        "aws-workload", "gcp-workload", "azure-workload");
    assertThat(providers.forType("no-such-type")).isNull();
    assertThat(providers.forType("spiffe")).as("a fresh instance per block").isNotSameAs(providers.forType("spiffe"));
  }
}
