package dev.faramesh.identity.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faramesh.identity.Blocks;
import dev.faramesh.identity.Codes;
import dev.faramesh.identity.IdentityProvider;
import dev.faramesh.policy.Principal;
import dev.faramesh.policy.ReasonCodes;
import dev.faramesh.testkit.k8s.KubernetesIssuer;
import dev.faramesh.testkit.k8s.PodIdentity;
import dev.faramesh.testkit.k8s.ServiceAccountClaims;
import dev.faramesh.testkit.k8s.ServiceAccountTokenFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The k8s-projected provider against the testkit's API server issuer (OIDC discovery and
 * {@code /openid/v1/jwks}) with a projected token volume the kubelet way: symlinks swapped on
 * rotation.
 */
class K8sProjectedProviderTest {

  @TempDir
  Path dir;
  KubernetesIssuer k8s;
  final PodIdentity pod = PodIdentity.of("agents", "planner", "planner-7d9f");

  @BeforeEach
  void start() {
    k8s = KubernetesIssuer.startHttp();
  }

  @AfterEach
  void stop() {
    k8s.stop();
  }

  private IdentityProvider provider(ServiceAccountTokenFile file, String extra) throws Exception {
    return Blocks.configured("identity \"k\" { type = \"k8s-projected\" issuer = \"" + k8s.issuer() + "\" audience = "
        + "\"faramesh\" token_file = \"" + file.path() + "\" trust_domain = \"cluster.example\" " + extra + " }", "k",
        Map.of(), dir);
  }

  @Test
  void theServiceAccountBecomesASpiffeIdentity() throws Exception {
    ServiceAccountTokenFile file = k8s.project(dir.resolve("sa"), pod, Duration.ofHours(1), "faramesh");
    Principal p = provider(file, "").attest("planner");
    assertThat(p.id()).isEqualTo("spiffe://cluster.example/ns/agents/sa/planner");
    assertThat(p.method()).isEqualTo("k8s-projected");
    assertThat(p.claims()).containsEntry("namespace", "agents").containsEntry("service_account", "planner")
        .containsEntry("pod", "planner-7d9f").containsKey("kubernetes.io");
  }

  @Test
  void rotationByTheKubeletIsNoticedAndReRead() throws Exception {
    ServiceAccountTokenFile file = k8s.project(dir.resolve("sa"), pod, Duration.ofHours(1), "faramesh");
    IdentityProvider p = provider(file, "");
    Principal first = p.attest("planner");
    long r = p.revision();
    Thread.sleep(1100);
    file.refresh();
    Thread.sleep(300);
    assertThat(p.revision()).isNotEqualTo(r);
    assertThat(p.attest("planner").expiry()).isAfter(first.expiry());
  }

  @Test
  void negativeCases() throws Exception {
    ServiceAccountTokenFile file = k8s.project(dir.resolve("sa"), pod, Duration.ofHours(1), "vault");
    IdentityProvider p = provider(file, "allowed_namespaces = [\"agents\"]");
    assertThat(Codes.of(p, "planner")).isEqualTo(ReasonCodes.IDENTITY_WRONG_AUDIENCE);
    file.write(k8s.token(pod, Duration.ofSeconds(-30), "faramesh"));
    assertThat(Codes.of(p, "planner")).isEqualTo(ReasonCodes.IDENTITY_EXPIRED);
    file.write(k8s.minter().signWithForgedKey(ServiceAccountClaims.of(k8s.minter(), pod, Duration.ofHours(1),
        "faramesh")));
    assertThat(Codes.of(p, "planner")).isEqualTo(ReasonCodes.IDENTITY_BAD_SIGNATURE);
    file.write(k8s.minter().unsecured(ServiceAccountClaims.of(k8s.minter(), pod, Duration.ofHours(1), "faramesh")));
    assertThat(Codes.of(p, "planner")).isEqualTo(ReasonCodes.IDENTITY_ALG_NOT_ALLOWED);
    file.write(k8s.token(PodIdentity.of("kube-system", "admin", "x"), Duration.ofHours(1), "faramesh"));
    assertThat(Codes.of(p, "planner")).isEqualTo(ReasonCodes.IDENTITY_NOT_ALLOWED);
    file.write(k8s.minter().sign(k8s.minter().claims("system:serviceaccount:agents:planner", "faramesh").build()));
    assertThat(Codes.of(p, "planner")).isEqualTo(ReasonCodes.IDENTITY_INVALID);
    k8s.stop();
    file.write(k8s.token(pod, Duration.ofHours(1), "faramesh"));
    IdentityProvider fresh = provider(file, "timeout = \"1s\"");
    assertThat(Codes.of(fresh, "planner")).isEqualTo(ReasonCodes.IDENTITY_PROVIDER_UNAVAILABLE);
  }
}
