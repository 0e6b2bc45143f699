package dev.faramesh.broker.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.faramesh.broker.BackendHealth;
import dev.faramesh.broker.Broker;
import dev.faramesh.broker.BrokerFixture;
import dev.faramesh.broker.CredentialUnavailableException;
import dev.faramesh.broker.Lease;
import dev.faramesh.broker.NoLeaks;
import dev.faramesh.broker.Rotation;
import dev.faramesh.broker.TestSecrets;
import dev.faramesh.policy.ReasonCodes;
import dev.faramesh.testkit.TestClock;
import dev.faramesh.testkit.vault.AccessRule;
import dev.faramesh.testkit.vault.DatabaseRole;
import dev.faramesh.testkit.vault.JwtAuthRole;
import dev.faramesh.testkit.oidc.GitHubActionsClaims;
import dev.faramesh.testkit.oidc.SigningKeys;
import dev.faramesh.testkit.oidc.TokenMinter;
import dev.faramesh.testkit.vault.VaultServer;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.faramesh.testkit.k8s.KubernetesIssuer;
import dev.faramesh.testkit.k8s.PodIdentity;
import dev.faramesh.testkit.k8s.ServiceAccountTokenFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The vault backend through a real broker, the real vault-java-driver and the testkit's Vault server. */
class VaultBackendTest {

  @RegisterExtension
  final NoLeaks leaks = new NoLeaks();

  private final TestClock clock = new TestClock();
  private VaultServer vault;
  private final String v1 = TestSecrets.alnum("sk_live_", 32);
  private final String v2 = TestSecrets.alnum("sk_live_", 32);

  @BeforeEach
  void start() {
    vault = VaultServer.start(clock);
    leaks.secret(v1);
    leaks.secret(v2);
    leaks.secret(vault.rootToken());
    vault.putKv("secret", "stripe/api-key", Map.of("api_key", v1, "owner", "payments"));
  }

  @AfterEach
  void stop() {
    vault.stop();
  }

  private BrokerFixture fixture(String token) {
    return BrokerFixture.create().clock(clock).env("FARAMESH_CREDENTIAL_VAULT_ADDR", vault.baseUrl().toString())
        .env("FARAMESH_CREDENTIAL_VAULT_TOKEN", token).env("FARAMESH_CREDENTIAL_VAULT_TIMEOUT", "1s");
  }

  private CredentialUnavailableException unavailable(Broker b, String name) {
    return leaks.thrown(catchThrowableOfType(CredentialUnavailableException.class,
        () -> b.lease(b.binding(name))));
  }

  @Test
  void readsAFieldOfTheLatestOrAPinnedVersionAndCachesForTheTtl() throws Exception {
    Broker b = fixture(vault.rootToken())
        .bind("stripe", "vault", "secret/data/stripe/api-key", "api_key", null, Duration.ofMinutes(5))
        .bind("stripe-v1", "vault", "secret/stripe/api-key#api_key", null, "1", Duration.ofMinutes(5)).build();
    Lease first = b.lease(b.binding("stripe"));
    assertThat(first.value()).isEqualTo(v1);
    assertThat(first.version()).isEqualTo("1");
    assertThat(vault.rotate("secret", "stripe/api-key", Map.of("api_key", v2, "owner", "payments"))).isEqualTo(2);
    int requests = vault.requests().size();
    assertThat(b.lease(b.binding("stripe")).value()).as("cached for the TTL").isEqualTo(v1);
    assertThat(vault.requests().size()).isEqualTo(requests);
    clock.advance(Duration.ofMinutes(5));
    Lease fresh = b.lease(b.binding("stripe"));
    assertThat(fresh.value()).as("the cache never outlives the TTL").isEqualTo(v2);
    assertThat(fresh.version()).isEqualTo("2");
    assertThat(b.lease(b.binding("stripe-v1")).value()).as("pinned to version 1").isEqualTo(v1);
    assertThat(vault.requests().last().queryNames()).contains("version");
    assertThat(first.toString()).doesNotContain(v1);
  }

  @Test
  void rotationDropsTheCacheAndTheNextLeaseHasTheNewValue() throws Exception {
    Broker b = fixture(vault.rootToken()).bind("stripe", "vault", "secret/data/stripe/api-key", "api_key", null,
        Duration.ofHours(1)).build();
    assertThat(b.lease(b.binding("stripe")).value()).isEqualTo(v1);
    vault.rotate("secret", "stripe/api-key", Map.of("api_key", v2));
    Rotation r = b.rotate("stripe");
    assertThat(r.byBackend()).as("Vault KV has no rotation call").isFalse();
    assertThat(r.detail()).contains("cached value was dropped");
    assertThat(b.lease(b.binding("stripe")).value()).isEqualTo(v2);
  }

  @Test
  void missingSecretFieldOrVersionIsCredentialNotFound() {
    Broker b = fixture(vault.rootToken())
        .bind("gone", "vault", "secret/data/nothing/here", Duration.ofMinutes(1))
        .bind("nofield", "vault", "secret/data/stripe/api-key", "password", null, Duration.ofMinutes(1))
        .bind("noversion", "vault", "secret/data/stripe/api-key", "api_key", "7", Duration.ofMinutes(1))
        .bind("ambiguous", "vault", "secret/data/stripe/api-key", Duration.ofMinutes(1)).build();
    for (String name : List.of("gone", "nofield", "noversion")) {
      CredentialUnavailableException e = unavailable(b, name);
      assertThat(e.reasonCode()).as(name).isEqualTo(ReasonCodes.CREDENTIAL_NOT_FOUND);
      assertThat(e.getMessage()).contains(name);
    }
    assertThat(unavailable(b, "nofield").getMessage()).contains("no field \"password\"").contains("api_key, owner");
    // two fields, neither one of the usual names: the operator must pick, and is told which exist
    vault.putKv("secret", "two", Map.of("a", v1, "b", v2));
    Broker b2 = fixture(vault.rootToken()).bind("two", "vault", "secret/data/two", Duration.ofMinutes(1)).build();
    assertThat(unavailable(b2, "two").getMessage()).contains("[a, b]").contains("field =");
  }

  @Test
  void permissionDeniedIsBackendDeniedAndDoesNotStopOtherCredentials() throws Exception {
    vault.putKv("secret", "app/db", Map.of("password", v2));
    String limited = vault.createToken(AccessRule.of("app-only", "secret/data/app/*"), Duration.ofHours(1));
    leaks.secret(limited);
    Broker b = fixture(limited).bind("stripe", "vault", "secret/data/stripe/api-key", "api_key", null,
        Duration.ofMinutes(1)).bind("db", "vault", "secret/data/app/db", Duration.ofMinutes(1)).build();
    CredentialUnavailableException e = unavailable(b, "stripe");
    assertThat(e.reasonCode()).isEqualTo(ReasonCodes.BACKEND_DENIED);
    assertThat(e.getMessage()).contains("HTTP 403").contains("permission denied");
    assertThat(b.lease(b.binding("db")).value()).as("a denial is not an outage").isEqualTo(v2);
  }

  @Test
  void downBackendFailsFastAfterOneAttemptAndRecovers() throws Exception {
    Broker b = fixture(vault.rootToken()).bind("stripe", "vault", "secret/data/stripe/api-key", "api_key", null,
        Duration.ofMinutes(1)).build();
    vault.down();
    CredentialUnavailableException e = unavailable(b, "stripe");
    assertThat(e.reasonCode()).isEqualTo(ReasonCodes.BACKEND_UNAVAILABLE);
    assertThat(e.getMessage()).contains("connection refused");
    vault.up();
    int before = vault.requests().size();
    for (int i = 0; i < 20; i++) {
      assertThat(unavailable(b, "stripe").getMessage()).contains("backed off");
    }
    assertThat(vault.requests().size()).as("no retry storm while backed off").isEqualTo(before);
    clock.advance(Duration.ofSeconds(1));
    assertThat(b.lease(b.binding("stripe")).value()).isEqualTo(v1);
  }

  @Test
  void slowBackendTimesOutWithinTheBound() {
    Broker b = fixture(vault.rootToken()).bind("stripe", "vault", "secret/data/stripe/api-key", "api_key", null,
        Duration.ofMinutes(1)).build();
    vault.delay(Duration.ofSeconds(4));
    long start = System.nanoTime();
    CredentialUnavailableException e = unavailable(b, "stripe");
    long ms = (System.nanoTime() - start) / 1_000_000;
    assertThat(e.reasonCode()).isEqualTo(ReasonCodes.BACKEND_TIMEOUT);
    assertThat(ms).as("bounded by the 1 s timeout").isLessThan(2500);
    vault.delay(Duration.ZERO);
  }

  @Test
  void dynamicSecretLivesForTheCallAndIsRevokedAfterItNotBefore() throws Exception {
    vault.addDatabaseRole(new DatabaseRole("readonly", Duration.ofMinutes(10), Duration.ofHours(1), true));
    Broker b = fixture(vault.rootToken()).bind("db", "vault", "database/creds/readonly", "username:password", null,
        Duration.ofMinutes(2)).build();
    Lease call = b.lease(b.binding("db"));
    String[] userPass = call.value().split(":", 2);
    leaks.secret(userPass[1]);
    assertThat(call.dynamic()).isTrue();
    assertThat(call.expires()).as("our TTL is shorter than the role's").isEqualTo(call.issued().plus(Duration.ofMinutes(2)));
    assertThat(vault.credentialsValid(userPass[0], userPass[1])).as("live during the call").isTrue();
    Lease other = b.lease(b.binding("db"));
    assertThat(other.value()).as("a lease per call").isNotEqualTo(call.value());
    assertThat(vault.leases()).hasSize(2).noneMatch(l -> l.revoked());
    call.close();
    assertThat(vault.credentialsValid(userPass[0], userPass[1])).as("revoked after the call").isFalse();
    assertThat(vault.leases()).filteredOn(l -> l.revoked()).hasSize(1);
    assertThat(b.outstandingLeases()).isEqualTo(1);
    // the other call never closes its lease: the broker revokes it when the TTL runs out
    clock.advance(Duration.ofMinutes(1));
    b.reapExpired();
    assertThat(vault.leases()).filteredOn(l -> l.revoked()).hasSize(1);
    clock.advance(Duration.ofMinutes(1));
    b.reapExpired();
    assertThat(vault.leases()).allMatch(l -> l.revoked());
    assertThat(other.value()).isNull();
    assertThat(b.outstandingLeases()).isZero();
  }

  @Test
  void dynamicLeaseRenewsUpToTheCredentialTtlAndTheBackendsMax() throws Exception {
    vault.addDatabaseRole(new DatabaseRole("short", Duration.ofSeconds(30), Duration.ofMinutes(3), true));
    Broker b = fixture(vault.rootToken()).bind("db", "vault", "database/creds/short", Duration.ofMinutes(5)).build();
    Lease l = b.lease(b.binding("db"));
    leaks.secret(l.value());
    assertThat(l.expires()).as("the role's 30 s lease").isEqualTo(l.issued().plusSeconds(30));
    clock.advance(Duration.ofSeconds(20));
    assertThat(l.renew()).as("Vault caps the renewal at the role's max TTL").isEqualTo(l.issued().plus(Duration.ofMinutes(3)));
    assertThat(vault.leases().get(0).expires()).isEqualTo(l.expires());
    b.close();
    assertThat(vault.leases()).allMatch(x -> x.revoked());
  }

  @Test
  void appRoleLogsInAndLogsInAgainWhenVaultDropsTheToken() throws Exception {
    String roleId = TestSecrets.alnum("", 36);
    String secretId = leaks.secret(TestSecrets.alnum("", 36));
    vault.addAppRole("agent", roleId, secretId, AccessRule.of("kv", "secret/data/*"), Duration.ofMinutes(1));
    Broker b = BrokerFixture.create().clock(clock).env("FARAMESH_CREDENTIAL_VAULT_ADDR", vault.baseUrl().toString())
        .env("FARAMESH_CREDENTIAL_VAULT_ROLE_ID", roleId).env("FARAMESH_CREDENTIAL_VAULT_SECRET_ID", secretId)
        .bind("stripe", "vault", "secret/data/stripe/api-key", "api_key", null, Duration.ofSeconds(30)).build();
    assertThat(b.lease(b.binding("stripe")).value()).isEqualTo(v1);
    assertThat(vault.requests().to("/v1/auth/approle/login")).hasSize(1);
    clock.advance(Duration.ofMinutes(2));   // the server's token expired; our cache too
    assertThat(b.lease(b.binding("stripe")).value()).isEqualTo(v1);
    assertThat(vault.requests().to("/v1/auth/approle/login")).as("logged in again").hasSize(2);
    List<BackendHealth> health = b.health();
    assertThat(health).singleElement().satisfies(h -> {
      assertThat(h.up()).isTrue();
      assertThat(h.probe()).isEqualTo("stripe");
      assertThat(h.detail()).contains("version 1");
    });
    assertThat(vault.requests().to("/v1/auth/approle/login")).as("health logs in for real").hasSize(3);
  }

  @Test
  void kubernetesLoginSendsTheProjectedServiceAccountTokenVerifiedAgainstTheIssuersKeys(@TempDir Path dir)
      throws Exception {
    try (KubernetesIssuer cluster = KubernetesIssuer.startHttp()) {
      PodIdentity pod = PodIdentity.of("agents", "planner", "planner-7d9f");
      ServiceAccountTokenFile file = cluster.project(dir, pod, Duration.ofMinutes(10), "vault");
      DefaultJWTProcessor<SecurityContext> jwt = new DefaultJWTProcessor<>();
      jwt.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256,
          new ImmutableJWKSet<>(cluster.keys().publicJwks())));
      jwt.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>("vault",
          new JWTClaimsSet.Builder().issuer(cluster.issuer()).build(), java.util.Set.of("sub", "exp")));
      vault.addKubernetesRole("kubernetes", "planner", (role, token) -> {
        try {
          return java.util.Optional.of(Map.of("service_account", jwt.process(token, null).getSubject()));
        } catch (Exception e) {
          return java.util.Optional.empty();
        }
      }, AccessRule.of("kv", "secret/data/*"), Duration.ofMinutes(5));
      Broker b = BrokerFixture.create().clock(clock).env("FARAMESH_CREDENTIAL_VAULT_ADDR", vault.baseUrl().toString())
          .env("FARAMESH_CREDENTIAL_VAULT_AUTH", "kubernetes").env("FARAMESH_CREDENTIAL_VAULT_ROLE", "planner")
          .env("FARAMESH_CREDENTIAL_VAULT_JWT_FILE", file.path().toString())
          .bind("stripe", "vault", "secret/data/stripe/api-key", "api_key", null, Duration.ofSeconds(30)).build();
      assertThat(b.lease(b.binding("stripe")).value()).isEqualTo(v1);
      assertThat(vault.requests().to("/v1/auth/kubernetes/login")).hasSize(1);

      // a token from another cluster is refused: the login fails closed for this backend
      try (KubernetesIssuer other = KubernetesIssuer.startHttp()) {
        file.write(other.token(pod, Duration.ofMinutes(10), "vault"));
        assertThat(b.health().get(0).reasonCode()).isEqualTo(ReasonCodes.BACKEND_DENIED);
      }
    }
  }

  @Test
  void jwtLoginAtItsMountReadsAndAJwtNotSignedByTheConfiguredKeyIsDenied(@TempDir Path dir) throws Exception {
    SigningKeys ci = SigningKeys.rs256();
    TokenMinter github = new TokenMinter(ci, GitHubActionsClaims.ISSUER);
    vault.addJwtRole("jwt-ci", "deploy", JwtAuthRole.validationPubkeys(ci.publicJwks())
            .boundIssuer(GitHubActionsClaims.ISSUER).boundAudiences("vault")
            .boundClaims(Map.of("repository", "acme/agents")),
        AccessRule.of("deploy", "secret/data/stripe/*"), Duration.ofMinutes(5));
    JWTClaimsSet push = GitHubActionsClaims.pushWorkflow(github, "acme/agents", "refs/heads/main", "vault");
    String good = leaks.secret(github.sign(push));
    Path jwtFile = dir.resolve("ci.jwt");
    java.nio.file.Files.writeString(jwtFile, good + "\n");
    Broker b = jwtBroker(jwtFile);
    assertThat(b.lease(b.binding("stripe")).value()).isEqualTo(v1);
    assertThat(vault.requests().to("/v1/auth/jwt-ci/login")).hasSize(1);
    assertThat(b.health()).singleElement().satisfies(h -> assertThat(h.up()).isTrue());

    // same claims, signed with a key the mount does not hold: Vault refuses the login, the read is denied
    String forged = leaks.secret(github.signWithForgedKey(push));
    java.nio.file.Files.writeString(jwtFile, forged);
    Broker denied = jwtBroker(jwtFile);
    CredentialUnavailableException e = unavailable(denied, "stripe");
    assertThat(e.reasonCode()).isEqualTo(ReasonCodes.BACKEND_DENIED);
    assertThat(e.getMessage()).contains("jwt login at auth/jwt-ci").contains("HTTP 400")
        .contains("no known key successfully validated the token signature");
    // a genuinely signed token for another repository is refused by the role's bound claims
    java.nio.file.Files.writeString(jwtFile, leaks.secret(github.sign(
        GitHubActionsClaims.pushWorkflow(github, "evil/fork", "refs/heads/main", "vault"))));
    BackendHealth h = jwtBroker(jwtFile).health().get(0);
    assertThat(h.up()).isFalse();
    assertThat(h.reasonCode()).isEqualTo(ReasonCodes.BACKEND_DENIED);
    assertThat(h.detail()).contains("error validating claims");
    leaks.text(h.detail());
    assertThat(vault.readKv("secret", "stripe/api-key", 0)).isPresent();
  }

  private Broker jwtBroker(Path jwtFile) {
    return BrokerFixture.create().clock(clock).env("FARAMESH_CREDENTIAL_VAULT_ADDR", vault.baseUrl().toString())
        .env("FARAMESH_CREDENTIAL_VAULT_AUTH", "jwt").env("FARAMESH_CREDENTIAL_VAULT_AUTH_MOUNT", "jwt-ci")
        .env("FARAMESH_CREDENTIAL_VAULT_ROLE", "deploy").env("FARAMESH_CREDENTIAL_VAULT_JWT_FILE", jwtFile.toString())
        .env("FARAMESH_CREDENTIAL_VAULT_TIMEOUT", "1s")
        .bind("stripe", "vault", "secret/data/stripe/api-key", "api_key", null, Duration.ofSeconds(30)).build();
  }

  @Test
  void wrongAppRoleSecretIsDeniedAndHealthSaysSo() {
    vault.addAppRole("agent", "role-1", TestSecrets.alnum("", 36), AccessRule.ROOT, Duration.ofMinutes(1));
    String wrong = leaks.secret(TestSecrets.alnum("", 36));
    Broker b = BrokerFixture.create().clock(clock).env("FARAMESH_CREDENTIAL_VAULT_ADDR", vault.baseUrl().toString())
        .env("FARAMESH_CREDENTIAL_VAULT_AUTH", "approle").env("FARAMESH_CREDENTIAL_VAULT_ROLE_ID", "role-1")
        .env("FARAMESH_CREDENTIAL_VAULT_SECRET_ID", wrong)
        .bind("stripe", "vault", "secret/data/stripe/api-key", "api_key", null, Duration.ofSeconds(30)).build();
    assertThat(unavailable(b, "stripe").reasonCode()).isEqualTo(ReasonCodes.BACKEND_DENIED);
    BackendHealth h = b.health().get(0);
    assertThat(h.up()).isFalse();
    assertThat(h.reasonCode()).isEqualTo(ReasonCodes.BACKEND_DENIED);
    assertThat(h.detail()).contains("approle login").contains("invalid secret id");
    leaks.text(h.detail());
  }
}
