package dev.faramesh.identity.spiffe;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.util.Base64;
import dev.faramesh.identity.Blocks;
import dev.faramesh.identity.Eventually;
import dev.faramesh.identity.IdentityException;
import dev.faramesh.identity.IdentityProvider;
import dev.faramesh.policy.Principal;
import dev.faramesh.policy.ReasonCodes;
import dev.faramesh.testkit.oidc.http.HttpReply;
import dev.faramesh.testkit.oidc.http.LoopbackHttpServer;
import dev.faramesh.testkit.spiffe.TestTrustDomain;
import dev.faramesh.testkit.spiffe.WorkloadApiServer;
import java.nio.file.Path;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spiffe provider through java-spiffe against the testkit's Workload API, a real gRPC server
 * on a real Unix socket: X.509 and JWT SVIDs, rotation pushed on the open stream, per-agent SVIDs,
 * federation, and every way an SVID can fail to verify.
 */
class SpiffeProviderTest {

  @TempDir
  Path dir;
  final TestTrustDomain home = TestTrustDomain.create("example.org");
  final List<AutoCloseable> closing = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : closing) {
      c.close();
    }
  }

  private WorkloadApiServer server() {
    WorkloadApiServer s = WorkloadApiServer.start(dir.resolve("agent.sock"), home, "/agent/planner");
    closing.add(s);
    return s;
  }

  private IdentityProvider provider(String settings, String trust) throws IdentityException {
    String fpl = "identity \"spire\" { type = \"spiffe\" socket = \"unix:" + dir.resolve("agent.sock") + "\" "
        + settings + " }\n" + trust;
    IdentityProvider p = Blocks.configured(fpl, "spire", Map.of(), dir);
    closing.add(p);
    return p;
  }

  private IdentityProvider provider(String settings) throws IdentityException {
    return provider(settings, "");
  }

  private static String code(IdentityProvider p, String agent) {
    try {
      p.attest(agent);
      return "attested";
    } catch (IdentityException e) {
      return e.reasonCode();
    }
  }

  @Test
  void anX509SvidVerifiedAgainstTheBundle() throws Exception {
    WorkloadApiServer s = server();
    Principal p = provider("trust_domain = \"example.org\"").attest("planner");
    assertThat(p.id()).isEqualTo("spiffe://example.org/agent/planner");
    assertThat(p.svid()).isEqualTo(p.id());
    assertThat(p.verified()).isTrue();
    assertThat(p.method()).isEqualTo("spiffe");
    assertThat(p.expiry()).isEqualTo(s.currentX509Svid().leaf().getNotAfter().toInstant());
    assertThat(p.claims()).containsEntry("trust_domain", "example.org").containsEntry("path", "/agent/planner");
  }

  @Test
  void rotationPushedOnTheStreamIsSeenWithoutReconnecting() throws Exception {
    WorkloadApiServer s = server();
    IdentityProvider provider = provider("trust_domain = \"example.org\"");
    Instant first = provider.attest("planner").expiry();
    long revision = provider.revision();
    Thread.sleep(1100);
    s.rotateX509Svid();
    Eventually.within(Duration.ofSeconds(5), () -> provider.revision() != revision);
    assertThat(provider.attest("planner").expiry()).isAfter(first)
        .isEqualTo(s.currentX509Svid().leaf().getNotAfter().toInstant());
  }

  @Test
  void expiredAndNotYetValidSvidsAreDeniedUntilRotated() throws Exception {
    WorkloadApiServer s = server();
    IdentityProvider provider = provider("trust_domain = \"example.org\"");
    provider.attest("planner");
    long r1 = provider.revision();
    s.serveX509Svid(home.issueExpiredX509Svid("/agent/planner"));
    Eventually.within(Duration.ofSeconds(5), () -> provider.revision() != r1);
    assertThat(code(provider, "planner")).isEqualTo(ReasonCodes.IDENTITY_EXPIRED);
    long r2 = provider.revision();
    s.serveX509Svid(home.issueNotYetValidX509Svid("/agent/planner"));
    Eventually.within(Duration.ofSeconds(5), () -> provider.revision() != r2);
    assertThat(code(provider, "planner")).isEqualTo(ReasonCodes.IDENTITY_NOT_YET_VALID);
    long r3 = provider.revision();
    s.rotateX509Svid();
    Eventually.within(Duration.ofSeconds(5), () -> provider.revision() != r3);
    assertThat(code(provider, "planner")).isEqualTo("attested");
  }

  @Test
  void anSvidOfAnotherTrustDomainIsRefused() throws Exception {
    server();
    assertThat(code(provider("trust_domain = \"corp.example\""), "planner"))
        .isEqualTo(ReasonCodes.IDENTITY_WRONG_TRUST_DOMAIN);
  }

  @Test
  void aChainThatDoesNotVerifyAgainstTheBundleIsABadSignature() throws Exception {
    WorkloadApiServer s = server();
    TestTrustDomain impostor = TestTrustDomain.create("example.org");
    s.serveX509Svid(impostor.issueX509Svid("/agent/planner").withBundleOf(home));
    IdentityProvider provider = provider("trust_domain = \"example.org\"");
    assertThat(code(provider, "planner")).isEqualTo(ReasonCodes.IDENTITY_BAD_SIGNATURE);
  }

  @Test
  void aMissingSocketIsUnavailableAndTheProviderRecoversWhenTheAgentComesUp() throws Exception {
    IdentityProvider provider = provider("trust_domain = \"example.org\" timeout = \"300ms\"");
    long start = System.nanoTime();
    try {
      provider.attest("planner");
      throw new AssertionError("attested without a Workload API");
    } catch (IdentityException e) {
      assertThat(e.reasonCode()).isEqualTo(ReasonCodes.IDENTITY_PROVIDER_UNAVAILABLE);
      assertThat(e.getMessage()).contains("does not exist");
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    // later decisions do not wait again
    long again = System.nanoTime();
    assertThat(code(provider, "planner")).isEqualTo(ReasonCodes.IDENTITY_PROVIDER_UNAVAILABLE);
    assertThat(Duration.ofNanos(System.nanoTime() - again)).isLessThan(Duration.ofMillis(200));
    assertThat(Thread.getAllStackTraces().keySet()).filteredOn(t -> t.getName().contains("spiffe")
        || t.getName().startsWith("grpc")).allSatisfy(t -> assertThat(t.isDaemon()).as(t.getName()).isTrue());
    server();
    Eventually.within(Duration.ofSeconds(15), () -> code(provider, "planner").equals("attested"));
  }

  @Test
  void theLastSvidStaysUsableWhileTheWorkloadApiIsDown() throws Exception {
    WorkloadApiServer s = server();
    IdentityProvider provider = provider("trust_domain = \"example.org\"");
    provider.attest("planner");
    s.stop();
    assertThat(provider.attest("planner").id()).isEqualTo("spiffe://example.org/agent/planner");
  }

  @Test
  void eachAgentLabelGetsTheSvidIssuedForItsPath() throws Exception {
    WorkloadApiServer s = server();
    s.addX509Svid("/agents/worker-research");
    IdentityProvider provider = provider("trust_domain = \"example.org\" agent_path = \"/agents/{agent}\"");
    assertThat(provider.attest("worker-research").id()).isEqualTo("spiffe://example.org/agents/worker-research");
    assertThat(code(provider, "worker-writer")).isEqualTo(ReasonCodes.IDENTITY_AGENT_MISMATCH);
  }

  @Test
  void svidsOfAFederatedDomainAreAcceptedOnlyWhenThePolicyFederates() throws Exception {
    WorkloadApiServer s = server();
    TestTrustDomain partner = TestTrustDomain.create("partner.example");
    s.federateWith(partner);
    s.serveX509Svid(partner.issueX509Svid("/agents/remote"));
    assertThat(code(provider("trust_domain = \"example.org\""), "remote"))
        .isEqualTo(ReasonCodes.IDENTITY_WRONG_TRUST_DOMAIN);
    IdentityProvider trusting = provider("trust_domain = \"example.org\"",
        "trust { spiffe_federated \"spiffe://partner.example\" bundle_url = \"https://partner.example/bundle\" }");
    Principal p = trusting.attest("remote");
    assertThat(p.id()).isEqualTo("spiffe://partner.example/agents/remote");
    assertThat(p.claims()).containsEntry("trust_domain", "partner.example");
  }

  @Test
  void aFederatedSvidSignedByAnotherCaIsABadSignature() throws Exception {
    WorkloadApiServer s = server();
    TestTrustDomain partner = TestTrustDomain.create("partner.example");
    s.federateWith(partner);
    // signed by the home CA but claiming the partner's domain, whose real bundle the API also sends
    Instant now = Instant.now();
    s.serveX509Svid(home.issueX509Svid("spiffe://partner.example/agents/remote", now.minusSeconds(60),
        now.plusSeconds(3600)));
    IdentityProvider trusting = provider("trust_domain = \"example.org\"",
        "trust { spiffe_federated \"spiffe://partner.example\" bundle_url = \"https://partner.example/bundle\" }");
    assertThat(code(trusting, "x")).isEqualTo(ReasonCodes.IDENTITY_BAD_SIGNATURE);
  }

  @Test
  void aPeersJwtAuthoritiesAreFetchedFromItsBundleEndpointWhenTheWorkloadApiHasNone() throws Exception {
    WorkloadApiServer s = server();
    TestTrustDomain partner = TestTrustDomain.create("partner.example");
    s.serveJwtSvidsAs(partner, "spiffe://partner.example/agents/remote");
    List<JWK> keys = new ArrayList<>();
    for (JWK k : partner.jwtAuthorities().publicJwks().getKeys()) {
      keys.add(new ECKey.Builder(k.toECKey()).keyUse(new KeyUse("jwt-svid")).build());
    }
    ECPublicKey caKey = (ECPublicKey) partner.caCertificate().getPublicKey();
    keys.add(new ECKey.Builder(Curve.P_256, caKey).keyUse(new KeyUse("x509-svid"))
        .x509CertChain(List.of(Base64.encode(partner.caCertificate().getEncoded()))).build());
    String bundle = new JWKSet(keys).toString(true);
    LoopbackHttpServer endpoint = LoopbackHttpServer.http().route("GET", "/bundle", r -> HttpReply.json(200, bundle))
        .start();
    closing.add(endpoint);
    String jwt = "trust_domain = \"example.org\" svid = \"jwt\" audience = \"faramesh\"";
    assertThat(code(provider(jwt), "remote")).isEqualTo(ReasonCodes.IDENTITY_WRONG_TRUST_DOMAIN);
    IdentityProvider trusting = provider(jwt,
        "trust { spiffe_federated \"spiffe://partner.example\" bundle_url = \"" + endpoint.baseUrl() + "/bundle\" }");
    assertThat(trusting.attest("remote").id()).isEqualTo("spiffe://partner.example/agents/remote");
    assertThat(endpoint.requestCount("/bundle")).isEqualTo(1);
    endpoint.stop();
    IdentityProvider unreachable = provider(jwt,
        "trust { spiffe_federated \"spiffe://partner.example\" bundle_url = \"" + endpoint.baseUrl() + "/bundle\" }");
    assertThat(code(unreachable, "remote")).isEqualTo(ReasonCodes.IDENTITY_PROVIDER_UNAVAILABLE);
  }

  @Test
  void jwtSvidsAreVerifiedAgainstTheTrustDomainsJwtAuthorities() throws Exception {
    WorkloadApiServer s = server();
    IdentityProvider provider = provider("trust_domain = \"example.org\" svid = \"jwt\" audience = \"faramesh\"");
    Principal p = provider.attest("planner");
    assertThat(p.id()).isEqualTo("spiffe://example.org/agent/planner");
    assertThat(p.method()).isEqualTo("spiffe-jwt");
    assertThat(p.claims()).containsEntry("aud", "faramesh").containsKey("exp");
    assertThat(p.expiry()).isBefore(Instant.now().plus(Duration.ofMinutes(6)));
    // the authority rotates: the new bundle arrives on the stream, tokens from the new key verify
    long r = provider.revision();
    s.rotateJwtAuthority(false);
    Eventually.within(Duration.ofSeconds(5), () -> provider.revision() != r);
    assertThat(code(provider, "planner")).isEqualTo("attested");
    s.jwtSvidLifetime(Duration.ofMinutes(-1));
    assertThat(code(provider, "planner")).isEqualTo(ReasonCodes.IDENTITY_EXPIRED);
    s.jwtSvidLifetime(Duration.ofMinutes(5));
    s.serveJwtSvidsAs(TestTrustDomain.create("example.org"), "spiffe://example.org/agent/planner");
    assertThat(code(provider, "planner")).isEqualTo(ReasonCodes.IDENTITY_UNKNOWN_KEY);
  }
}
