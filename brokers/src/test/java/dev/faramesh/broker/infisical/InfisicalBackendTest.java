package dev.faramesh.broker.infisical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.faramesh.broker.BackendHealth;
import dev.faramesh.broker.Broker;
import dev.faramesh.broker.BrokerFixture;
import dev.faramesh.broker.CredentialUnavailableException;
import dev.faramesh.broker.Lease;
import dev.faramesh.broker.NoLeaks;
import dev.faramesh.broker.TestSecrets;
import dev.faramesh.policy.ReasonCodes;
import dev.faramesh.testkit.TestClock;
import dev.faramesh.testkit.infisical.InfisicalServer;
import dev.faramesh.testkit.infisical.MachineIdentity;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The infisical backend (JDK HttpClient + Jackson on Infisical's REST API, universal auth) through a
 * real broker against the testkit's Infisical server, the one the official Node SDK is run against in
 * it/testkit.
 */
class InfisicalBackendTest {

  @RegisterExtension
  final NoLeaks leaks = new NoLeaks();

  private final TestClock brokerClock = new TestClock();
  private final TestClock serverClock = new TestClock();
  private InfisicalServer inf;
  private MachineIdentity identity;
  private final String project = "6512c3a1f2b54c0012d0a9b1";
  private final String v1 = TestSecrets.alnum("sk-proj-", 32);
  private final String v2 = TestSecrets.alnum("sk-proj-", 32);

  @BeforeEach
  void start() {
    inf = InfisicalServer.start(serverClock);
    identity = inf.createIdentity(project);
    leaks.secret(identity.clientSecret());
    leaks.secret(v1);
    leaks.secret(v2);
    inf.putSecret(project, "prod", "/", "OPENAI_API_KEY", v1);
  }

  @AfterEach
  void stop() {
    inf.stop();
  }

  private BrokerFixture fixture(MachineIdentity id) {
    return BrokerFixture.create().clock(brokerClock).env("FARAMESH_CREDENTIAL_INFISICAL_HOST", inf.baseUrl().toString())
        .env("FARAMESH_CREDENTIAL_INFISICAL_CLIENT_ID", id.clientId())
        .env("FARAMESH_CREDENTIAL_INFISICAL_CLIENT_SECRET", id.clientSecret())
        .env("FARAMESH_CREDENTIAL_INFISICAL_PROJECT", project)
        .env("FARAMESH_CREDENTIAL_INFISICAL_ENVIRONMENT", "prod")
        .env("FARAMESH_CREDENTIAL_INFISICAL_TIMEOUT", "5s");
  }

  private CredentialUnavailableException unavailable(Broker b, String name) {
    return leaks.thrown(catchThrowableOfType(CredentialUnavailableException.class, () -> b.lease(b.binding(name))));
  }

  @Test
  void logsInOnceReadsLatestPinnedFoldersAndJsonKeysAndSeesRotation() throws Exception {
    String dbPassword = leaks.secret(TestSecrets.alnum("", 24));
    inf.putSecret(project, "prod", "/payments", "DB", "{\"password\":\"" + dbPassword + "\"}");
    Broker b = fixture(identity).bind("openai", "infisical", "OPENAI_API_KEY", Duration.ofSeconds(60))
        .bind("db", "infisical", "/payments/DB#password", Duration.ofHours(1))
        .bind("openai-v1", "infisical", "OPENAI_API_KEY", null, "1", Duration.ofHours(1)).build();
    Lease first = b.lease(b.binding("openai"));
    assertThat(first.value()).isEqualTo(v1);
    assertThat(first.version()).isEqualTo("1");
    assertThat(b.lease(b.binding("db")).value()).isEqualTo(dbPassword);
    assertThat(inf.requests().to("/api/v1/auth/universal-auth/login")).hasSize(1);
    assertThat(inf.requests().matching(r -> r.path().startsWith("/api/v4/secrets/"))).hasSize(2);
    int next = inf.rotate(project, "prod", "/", "OPENAI_API_KEY", v2);
    assertThat(b.lease(b.binding("openai")).value()).as("cached within the TTL").isEqualTo(v1);
    brokerClock.advance(Duration.ofSeconds(61));
    Lease after = b.lease(b.binding("openai"));
    assertThat(after.value()).isEqualTo(v2);
    assertThat(after.version()).isEqualTo(String.valueOf(next));
    assertThat(b.lease(b.binding("openai-v1")).value()).as("version pinning").isEqualTo(v1);
    assertThat(b.rotate("openai").byBackend()).isFalse();
    assertThat(b.lease(b.binding("openai")).value()).isEqualTo(v2);
  }

  @Test
  void anExpiredAccessTokenIsReplacedByOneNewLogin() throws Exception {
    inf.tokenTtl(Duration.ofHours(2));
    Broker b = fixture(identity).bind("openai", "infisical", "OPENAI_API_KEY", Duration.ofSeconds(1)).build();
    assertThat(b.lease(b.binding("openai")).value()).isEqualTo(v1);
    serverClock.advance(Duration.ofHours(3));
    brokerClock.advance(Duration.ofSeconds(2));
    assertThat(b.lease(b.binding("openai")).value()).isEqualTo(v1);
    assertThat(inf.requests().to("/api/v1/auth/universal-auth/login")).hasSize(2);
  }

  @Test
  void notFoundDeniedBadLoginAndHealth() {
    MachineIdentity other = inf.createIdentity("another-project");
    Broker b = fixture(identity).bind("openai", "infisical", "OPENAI_API_KEY", Duration.ofHours(1))
        .bind("missing", "infisical", "NOTHING", Duration.ofHours(1))
        .bind("no-version", "infisical", "OPENAI_API_KEY", null, "9", Duration.ofHours(1)).build();
    assertThat(unavailable(b, "missing").reasonCode()).isEqualTo(ReasonCodes.CREDENTIAL_NOT_FOUND);
    assertThat(unavailable(b, "no-version").reasonCode()).isEqualTo(ReasonCodes.CREDENTIAL_NOT_FOUND);
    List<BackendHealth> ok = b.health();
    assertThat(ok).singleElement().satisfies(h -> assertThat(h.up()).isTrue());
    Broker wrongProject = fixture(other).bind("openai", "infisical", "OPENAI_API_KEY", Duration.ofHours(1)).build();
    assertThat(unavailable(wrongProject, "openai").reasonCode()).isEqualTo(ReasonCodes.BACKEND_DENIED);
    Broker badSecret = fixture(new MachineIdentity(identity.clientId(), leaks.secret(TestSecrets.alnum("", 64))))
        .bind("openai", "infisical", "OPENAI_API_KEY", Duration.ofHours(1)).build();
    CredentialUnavailableException login = unavailable(badSecret, "openai");
    assertThat(login.reasonCode()).isEqualTo(ReasonCodes.BACKEND_DENIED);
    assertThat(login.getMessage()).contains("universal-auth login");
    List<BackendHealth> down = badSecret.health();
    assertThat(down).singleElement().satisfies(h -> assertThat(h.up()).isFalse());
    leaks.text(down.toString());
  }

  @Test
  void downAndSlowAreOutagesBoundedInTime() throws Exception {
    Broker b = fixture(identity).env("FARAMESH_CREDENTIAL_INFISICAL_TIMEOUT", "1s")
        .bind("openai", "infisical", "OPENAI_API_KEY", Duration.ofHours(1)).build();
    assertThat(b.lease(b.binding("openai")).value()).isEqualTo(v1);
    b.invalidate("openai");
    inf.delay(Duration.ofSeconds(4));
    long start = System.nanoTime();
    assertThat(unavailable(b, "openai").reasonCode()).isEqualTo(ReasonCodes.BACKEND_TIMEOUT);
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2500);
    inf.delay(Duration.ZERO);
    brokerClock.advance(Duration.ofSeconds(1));
    inf.down();
    assertThat(unavailable(b, "openai").reasonCode()).isEqualTo(ReasonCodes.BACKEND_UNAVAILABLE);
    inf.up();
    brokerClock.advance(Duration.ofSeconds(60));
    assertThat(b.lease(b.binding("openai")).value()).isEqualTo(v1);
  }
}
