package dev.faramesh.broker.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import dev.faramesh.broker.BackendHealth;
import dev.faramesh.broker.Broker;
import dev.faramesh.broker.BrokerFixture;
import dev.faramesh.broker.CredentialUnavailableException;
import dev.faramesh.broker.Lease;
import dev.faramesh.broker.NoLeaks;
import dev.faramesh.broker.TestSecrets;
import dev.faramesh.policy.ReasonCodes;
import dev.faramesh.testkit.TestClock;
import dev.faramesh.testkit.azure.AzureKeyVaultServer;
import dev.faramesh.testkit.azureidentity.AzureImdsServer;
import dev.faramesh.testkit.azureidentity.ClientSecretCredential;
import dev.faramesh.testkit.azureidentity.FederatedCredential;
import dev.faramesh.testkit.azureidentity.ManagedIdentity;
import dev.faramesh.testkit.k8s.KubernetesIssuer;
import dev.faramesh.testkit.k8s.PodIdentity;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The azure-kv backend through a real broker and the real azure-security-keyvault-secrets client
 * over HTTPS (a certificate made for this run, trusted through {@code ca_cert}), with Key Vault's
 * bearer challenge answered by a managed-identity token from the testkit's IMDS, whose RS256
 * signature the vault verifies.
 */
class AzureKeyVaultBackendTest {

  @RegisterExtension
  final NoLeaks leaks = new NoLeaks();

  @TempDir
  Path dir;

  private final TestClock clock = new TestClock();
  private AzureKeyVaultServer kv;
  private AzureImdsServer imds;
  private Path caCert;
  private final String v1 = TestSecrets.alnum("sk_live_", 24);
  private final String v2 = TestSecrets.alnum("sk_live_", 24);
  private String firstVersion;

  @BeforeEach
  void start() throws Exception {
    kv = AzureKeyVaultServer.start();
    imds = AzureImdsServer.start(kv.tenantId(), ManagedIdentity.systemAssigned("sub-1", "rg-agents", "vm-planner"));
    RSAKey key = imds.keys().publicJwks().getKeys().get(0).toRSAKey();
    kv.acceptTokens(token -> {
      try {
        SignedJWT jwt = SignedJWT.parse(token);
        String iss = jwt.getJWTClaimsSet().getIssuer();
        return jwt.verify(new RSASSAVerifier(key)) && (imds.v1Issuer().equals(iss) || imds.v2Issuer().equals(iss));
      } catch (Exception e) {
        return false;
      }
    });
    leaks.secret(v1);
    leaks.secret(v2);
    firstVersion = kv.setSecret("stripe-key", v1);
    caCert = dir.resolve("kv-ca.pem");
    Files.writeString(caCert, "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(kv.tls().certificate()
            .getEncoded()) + "\n-----END CERTIFICATE-----\n");
  }

  @AfterEach
  void stop() {
    kv.stop();
    imds.stop();
  }

  private BrokerFixture fixture() {
    return BrokerFixture.create().clock(clock).env("FARAMESH_CREDENTIAL_AZURE_VAULT_URL", kv.baseUrl().toString())
        .env("FARAMESH_CREDENTIAL_AZURE_IMDS_ENDPOINT", imds.baseUrl())
        .env("FARAMESH_CREDENTIAL_AZURE_CA_CERT", caCert.toString())
        .env("FARAMESH_CREDENTIAL_AZURE_TIMEOUT", "10s");
  }

  private CredentialUnavailableException unavailable(Broker b, String name) {
    return leaks.thrown(catchThrowableOfType(CredentialUnavailableException.class, () -> b.lease(b.binding(name))));
  }

  @Test
  void challengeThenManagedIdentityTokenReadsLatestPinnedAndJsonKeyAndRotation() throws Exception {
    String dbPassword = leaks.secret(TestSecrets.alnum("", 24));
    kv.setSecret("db", "{\"user\":\"app\",\"password\":\"" + dbPassword + "\"}");
    Broker b = fixture().bind("stripe", "azure-kv", "stripe-key", Duration.ofHours(1))
        .bind("db", "azure-kv", "db", "password", null, Duration.ofHours(1)).build();
    Lease first = b.lease(b.binding("stripe"));
    assertThat(first.value()).isEqualTo(v1);
    assertThat(first.version()).isEqualTo(firstVersion);
    assertThat(b.lease(b.binding("db")).value()).isEqualTo(dbPassword);
    // the bearer challenge: the first request went without Authorization, the IMDS was asked for a vault token
    assertThat(imds.requests()).anySatisfy(r -> assertThat(r.path()).contains("/metadata/identity"));
    String second = kv.rotate("stripe-key", v2);
    assertThat(b.lease(b.binding("stripe")).value()).as("cached within the TTL").isEqualTo(v1);
    assertThat(b.rotate("stripe").byBackend()).isFalse();
    Lease after = b.lease(b.binding("stripe"));
    assertThat(after.value()).isEqualTo(v2);
    assertThat(after.version()).isEqualTo(second);
    Broker pinned = fixture().bind("old", "azure-kv", "stripe-key", null, firstVersion, Duration.ofHours(1)).build();
    assertThat(pinned.lease(pinned.binding("old")).value()).isEqualTo(v1);
    // the TTL is honoured: after it the next call reads the backend again
    Broker shortTtl = fixture().bind("stripe", "azure-kv", "stripe-key", Duration.ofSeconds(30)).build();
    assertThat(shortTtl.lease(shortTtl.binding("stripe")).value()).isEqualTo(v2);
    String third = leaks.secret(TestSecrets.alnum("sk_live_", 24));
    kv.rotate("stripe-key", third);
    clock.advance(Duration.ofSeconds(31));
    assertThat(shortTtl.lease(shortTtl.binding("stripe")).value()).isEqualTo(third);
  }

  @Test
  void notFoundDisabledAndDeniedAreToldApartAndHealthIsPerBackend() throws Exception {
    String v = kv.rotate("stripe-key", v2);
    kv.setEnabled("stripe-key", firstVersion, false);
    // health reads the first credential bound to the backend
    Broker b = fixture().bind("stripe", "azure-kv", "stripe-key", Duration.ofHours(1))
        .bind("missing", "azure-kv", "nothing", Duration.ofHours(1))
        .bind("disabled", "azure-kv", "stripe-key", null, firstVersion, Duration.ofHours(1)).build();
    assertThat(unavailable(b, "missing").reasonCode()).isEqualTo(ReasonCodes.CREDENTIAL_NOT_FOUND);
    assertThat(unavailable(b, "disabled").reasonCode()).isEqualTo(ReasonCodes.CREDENTIAL_NOT_FOUND);
    assertThat(b.lease(b.binding("stripe")).version()).isEqualTo(v);
    List<BackendHealth> ok = b.health();
    assertThat(ok).singleElement().satisfies(h -> {
      assertThat(h.up()).isTrue();
      assertThat(h.detail()).contains("read stripe (version")
          .contains("not readable: missing (CREDENTIAL_NOT_FOUND), disabled (CREDENTIAL_NOT_FOUND)");
    });
    kv.denyAll(true);
    b.invalidate("stripe");
    CredentialUnavailableException denied = unavailable(b, "stripe");
    assertThat(denied.reasonCode()).isEqualTo(ReasonCodes.BACKEND_DENIED);
    List<BackendHealth> down = b.health();
    assertThat(down).singleElement().satisfies(h -> assertThat(h.up()).isFalse());
    leaks.text(down.toString());
  }

  @Test
  void workloadIdentityExchangesTheProjectedServiceAccountTokenAtEntra() throws Exception {
    try (KubernetesIssuer k8s = KubernetesIssuer.startHttp()) {
      PodIdentity pod = PodIdentity.of("agents", "planner", "planner-7");
      FederatedCredential fc = FederatedCredential.kubernetes(k8s.issuer(), k8s.jwksUrl(),
          "system:serviceaccount:agents:planner");
      imds.trust(fc);
      Path token = dir.resolve("azure-identity-token");
      Files.writeString(token, k8s.token(pod, Duration.ofHours(1), FederatedCredential.TOKEN_EXCHANGE_AUDIENCE));
      Broker b = fixture().env("AZURE_TENANT_ID", kv.tenantId()).env("AZURE_CLIENT_ID", fc.clientId())
          .env("AZURE_FEDERATED_TOKEN_FILE", token.toString()).env("AZURE_AUTHORITY_HOST", imds.baseUrl())
          .bind("stripe", "azure-kv", "stripe-key", Duration.ofHours(1)).build();
      assertThat(b.lease(b.binding("stripe")).value()).isEqualTo(v1);
      assertThat(imds.requests()).anySatisfy(r -> assertThat(r.path()).endsWith("/oauth2/v2.0/token"))
          .noneSatisfy(r -> assertThat(r.path()).contains("/metadata/identity"));
      // a service account the tenant does not trust gets no token: the vault is never reached with one
      Files.writeString(token, k8s.token(PodIdentity.of("agents", "intruder", "x-1"), Duration.ofHours(1),
          FederatedCredential.TOKEN_EXCHANGE_AUDIENCE));
      Broker other = fixture().env("AZURE_TENANT_ID", kv.tenantId()).env("AZURE_CLIENT_ID", fc.clientId())
          .env("AZURE_FEDERATED_TOKEN_FILE", token.toString()).env("AZURE_AUTHORITY_HOST", imds.baseUrl())
          .bind("stripe", "azure-kv", "stripe-key", Duration.ofHours(1)).build();
      assertThat(unavailable(other, "stripe").reasonCode()).isEqualTo(ReasonCodes.BACKEND_DENIED);
    }
  }

  @Test
  void servicePrincipalWithClientSecretGetsAVaultTokenAndAWrongSecretIsDenied() throws Exception {
    ClientSecretCredential app = ClientSecretCredential.generate();
    leaks.secret(app.secret());
    imds.register(app);
    RSAKey key = imds.keys().publicJwks().getKeys().get(0).toRSAKey();
    // the vault takes only a v2 app token of this service principal, for Key Vault
    kv.acceptTokens(token -> {
      try {
        SignedJWT jwt = SignedJWT.parse(token);
        return jwt.verify(new RSASSAVerifier(key)) && imds.v2Issuer().equals(jwt.getJWTClaimsSet().getIssuer())
            && app.clientId().equals(jwt.getJWTClaimsSet().getStringClaim("azp"))
            && jwt.getJWTClaimsSet().getAudience().contains("https://vault.azure.net");
      } catch (Exception e) {
        return false;
      }
    });
    Broker b = servicePrincipal(app.clientId(), app.secret());
    assertThat(b.lease(b.binding("stripe")).value()).isEqualTo(v1);
    assertThat(imds.requests()).anySatisfy(r -> assertThat(r.path()).isEqualTo("/" + kv.tenantId() + "/oauth2/v2.0/token"))
        .noneSatisfy(r -> assertThat(r.path()).contains("/metadata/identity"));
    assertThat(b.health()).singleElement().satisfies(h -> assertThat(h.up()).isTrue());

    String wrong = leaks.secret(ClientSecretCredential.newSecretValue());
    Broker denied = servicePrincipal(app.clientId(), wrong);
    int before = kv.requests().size();
    CredentialUnavailableException e = unavailable(denied, "stripe");
    assertThat(e.reasonCode()).isEqualTo(ReasonCodes.BACKEND_DENIED);
    assertThat(e.getMessage()).contains("Entra token endpoint").contains("HTTP 401").contains("invalid_client")
        .contains("AADSTS7000215");
    assertThat(kv.requests().entries().subList(before, kv.requests().size()))
        .as("the vault saw no bearer token from the refused login").noneSatisfy(r ->
            assertThat(r.hasHeader("Authorization")).isTrue());
    List<BackendHealth> health = denied.health();
    assertThat(health).singleElement().satisfies(h -> {
      assertThat(h.up()).isFalse();
      assertThat(h.reasonCode()).isEqualTo(ReasonCodes.BACKEND_DENIED);
    });
    leaks.text(health.toString());

    // Entra down or failing is an outage of this backend, not a refusal
    imds.http().failWith(503);
    assertThat(unavailable(servicePrincipal(app.clientId(), app.secret()), "stripe").reasonCode())
        .isEqualTo(ReasonCodes.BACKEND_UNAVAILABLE);
    imds.http().clearFaults();
    imds.http().refuseConnections();
    assertThat(unavailable(servicePrincipal(app.clientId(), app.secret()), "stripe").reasonCode())
        .isEqualTo(ReasonCodes.BACKEND_UNAVAILABLE);
    imds.http().acceptConnections();
    Broker again = servicePrincipal(app.clientId(), app.secret());
    assertThat(again.lease(again.binding("stripe")).value()).isEqualTo(v1);
  }

  private Broker servicePrincipal(String clientId, String clientSecret) {
    return fixture().env("FARAMESH_CREDENTIAL_AZURE_TENANT_ID", kv.tenantId())
        .env("FARAMESH_CREDENTIAL_AZURE_CLIENT_ID", clientId)
        .env("FARAMESH_CREDENTIAL_AZURE_CLIENT_SECRET", clientSecret)
        .env("FARAMESH_CREDENTIAL_AZURE_AUTHORITY_HOST", imds.baseUrl())
        .bind("stripe", "azure-kv", "stripe-key", Duration.ofHours(1)).build();
  }

  @Test
  void aWrongIdentityIsDeniedByTheVault() {
    kv.acceptTokens(t -> false);
    Broker b = fixture().bind("stripe", "azure-kv", "stripe-key", Duration.ofHours(1)).build();
    CredentialUnavailableException e = unavailable(b, "stripe");
    assertThat(e.reasonCode()).isEqualTo(ReasonCodes.BACKEND_DENIED);
  }

  @Test
  void downAndSlowAreOutagesBoundedInTime() throws Exception {
    Broker b = fixture().env("FARAMESH_CREDENTIAL_AZURE_TIMEOUT", "1s")
        .bind("stripe", "azure-kv", "stripe-key", Duration.ofHours(1)).build();
    Broker patient = fixture().bind("stripe", "azure-kv", "stripe-key", Duration.ofHours(1)).build();
    assertThat(patient.lease(patient.binding("stripe")).value()).isEqualTo(v1);
    assertThat(b.lease(b.binding("stripe")).value()).isEqualTo(v1);
    b.invalidate("stripe");
    kv.delay(Duration.ofSeconds(4));
    long start = System.nanoTime();
    assertThat(unavailable(b, "stripe").reasonCode()).isEqualTo(ReasonCodes.BACKEND_TIMEOUT);
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2500);
    kv.delay(Duration.ZERO);
    clock.advance(Duration.ofSeconds(1));
    kv.down();
    assertThat(unavailable(b, "stripe").reasonCode()).isEqualTo(ReasonCodes.BACKEND_UNAVAILABLE);
    kv.up();
    clock.advance(Duration.ofSeconds(60));
    assertThat(b.lease(b.binding("stripe")).value()).isEqualTo(v1);
  }

  @Test
  void plainHttpVaultUrlIsRefusedAtConfiguration() {
    Broker b = BrokerFixture.create().env("FARAMESH_CREDENTIAL_AZURE_VAULT_URL", "http://127.0.0.1:1")
        .bind("stripe", "azure-kv", "stripe-key", Duration.ofHours(1)).build();
    assertThat(unavailable(b, "stripe").reasonCode()).isEqualTo(ReasonCodes.BACKEND_NOT_CONFIGURED);
  }
}
