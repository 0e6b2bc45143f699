package dev.faramesh.broker.gcp;

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
import dev.faramesh.testkit.gcp.GcpSecretManagerServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The gcp-sm backend through a real broker and the real google-cloud-secretmanager client, on both of
 * its transports (a real gRPC server, and HTTP/JSON), against the testkit's Secret Manager.
 */
class GcpSecretManagerBackendTest {

  @RegisterExtension
  final NoLeaks leaks = new NoLeaks();

  private final TestClock clock = new TestClock();
  private GcpSecretManagerServer gcp;
  private final String v1 = TestSecrets.alnum("AIza", 35);
  private final String v2 = TestSecrets.alnum("AIza", 35);

  @BeforeEach
  void start() {
    gcp = GcpSecretManagerServer.start();
    leaks.secret(v1);
    leaks.secret(v2);
    gcp.addVersion("agents-prod", "maps-key", v1);
  }

  @AfterEach
  void stop() {
    gcp.stop();
  }

  private BrokerFixture fixture(String transport) {
    String endpoint = transport.equals("grpc") ? "http://" + gcp.grpcTarget() : gcp.baseUrl().toString();
    return BrokerFixture.create().clock(clock).env("FARAMESH_CREDENTIAL_GCP_PROJECT", "agents-prod")
        .env("FARAMESH_CREDENTIAL_GCP_ENDPOINT", endpoint).env("FARAMESH_CREDENTIAL_GCP_TRANSPORT", transport)
        .env("FARAMESH_CREDENTIAL_GCP_CREDENTIALS", "none").env("FARAMESH_CREDENTIAL_GCP_TIMEOUT", "10s");
  }

  private CredentialUnavailableException unavailable(Broker b, String name) {
    return leaks.thrown(catchThrowableOfType(CredentialUnavailableException.class, () -> b.lease(b.binding(name))));
  }

  @ParameterizedTest
  @ValueSource(strings = {"grpc", "rest"})
  void readsLatestPinnedAndJsonKeyAndSeesRotationOnlyAfterRotate(String transport) throws Exception {
    String dbPassword = leaks.secret(TestSecrets.alnum("", 24));
    gcp.addVersion("agents-prod", "db", "{\"user\":\"app\",\"password\":\"" + dbPassword + "\"}");
    Broker b = fixture(transport).bind("maps", "gcp-sm", "maps-key", Duration.ofHours(1))
        .bind("maps-v1", "gcp-sm", "projects/agents-prod/secrets/maps-key/versions/1", Duration.ofHours(1))
        .bind("db", "gcp-sm", "db", "password", null, Duration.ofHours(1)).build();
    Lease first = b.lease(b.binding("maps"));
    assertThat(first.value()).isEqualTo(v1);
    assertThat(first.version()).isEqualTo("1");
    assertThat(b.lease(b.binding("db")).value()).isEqualTo(dbPassword);
    gcp.rotate("agents-prod", "maps-key", v2);
    assertThat(b.lease(b.binding("maps")).value()).as("cached within the TTL").isEqualTo(v1);
    Rotation r = b.rotate("maps");
    assertThat(r.byBackend()).isFalse();
    Lease after = b.lease(b.binding("maps"));
    assertThat(after.value()).isEqualTo(v2);
    assertThat(after.version()).isEqualTo("2");
    assertThat(b.lease(b.binding("maps-v1")).value()).isEqualTo(v1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"grpc", "rest"})
  void aCorruptedPayloadIsRefusedByOurCrc32cCheck(String transport) {
    Broker b = fixture(transport).bind("maps", "gcp-sm", "maps-key", Duration.ofHours(1)).build();
    gcp.corruptCrc(true);
    CredentialUnavailableException e = unavailable(b, "maps");
    assertThat(e.reasonCode()).isEqualTo(ReasonCodes.CREDENTIAL_INVALID);
    assertThat(e.getMessage()).contains("CRC32C");
  }

  @ParameterizedTest
  @ValueSource(strings = {"grpc", "rest"})
  void notFoundDisabledAndDeniedAreToldApart(String transport) {
    gcp.addVersion("agents-prod", "maps-key", v2);
    gcp.disableVersion("agents-prod", "maps-key", 1);
    Broker b = fixture(transport).bind("missing", "gcp-sm", "nothing", Duration.ofHours(1))
        .bind("disabled", "gcp-sm", "maps-key", null, "1", Duration.ofHours(1))
        .bind("maps", "gcp-sm", "maps-key", Duration.ofHours(1)).build();
    assertThat(unavailable(b, "missing").reasonCode()).isEqualTo(ReasonCodes.CREDENTIAL_NOT_FOUND);
    assertThat(unavailable(b, "disabled").reasonCode()).isEqualTo(ReasonCodes.CREDENTIAL_NOT_FOUND);
    gcp.denyAll(true);
    CredentialUnavailableException denied = unavailable(b, "maps");
    assertThat(denied.reasonCode()).isEqualTo(ReasonCodes.BACKEND_DENIED);
    assertThat(denied.getMessage()).contains("PERMISSION_DENIED");
  }

  @ParameterizedTest
  @ValueSource(strings = {"grpc", "rest"})
  void downAndSlowAreOutagesBoundedInTime(String transport) throws Exception {
    Broker b = fixture(transport).env("FARAMESH_CREDENTIAL_GCP_TIMEOUT", "1s")
        .bind("maps", "gcp-sm", "maps-key", Duration.ofHours(1)).build();
    // a client's first call pays for loading and connecting; warm this JVM up with a patient one
    Broker patient = fixture(transport).bind("maps", "gcp-sm", "maps-key", Duration.ofHours(1)).build();
    assertThat(patient.lease(patient.binding("maps")).value()).isEqualTo(v1);
    assertThat(b.lease(b.binding("maps")).value()).isEqualTo(v1);
    b.invalidate("maps");
    gcp.delay(Duration.ofSeconds(4));
    long start = System.nanoTime();
    assertThat(unavailable(b, "maps").reasonCode()).isEqualTo(ReasonCodes.BACKEND_TIMEOUT);
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2500);
    gcp.delay(Duration.ZERO);
    clock.advance(Duration.ofSeconds(1));
    gcp.down();
    assertThat(unavailable(b, "maps").reasonCode()).isEqualTo(ReasonCodes.BACKEND_UNAVAILABLE);
    gcp.up();
    // gRPC reconnects with its own back-off after the server came back; the broker's back-off is longer
    clock.advance(Duration.ofSeconds(2));
    Thread.sleep(1500);
    assertThat(b.lease(b.binding("maps")).value()).isEqualTo(v1);
  }

  @Test
  void aServiceAccountKeyFileGetsARealAccessTokenAndSendsIt(@TempDir Path dir) throws Exception {
    MockOAuth2Server oauth = new MockOAuth2Server();
    oauth.start();
    try {
      Path key = serviceAccountKey(dir, oauth.tokenEndpointUrl("google").toString());
      // gRPC rightly refuses call credentials on a plaintext channel; HTTP/JSON to the loopback server carries them
      Broker b = fixture("rest").env("FARAMESH_CREDENTIAL_GCP_CREDENTIALS", "")
          .env("FARAMESH_CREDENTIAL_GCP_CREDENTIALS_FILE", key.toString()).env("FARAMESH_CREDENTIAL_GCP_TIMEOUT", "10s")
          .bind("maps", "gcp-sm", "maps-key", Duration.ofHours(1)).build();
      assertThat(b.lease(b.binding("maps")).value()).isEqualTo(v1);
      assertThat(gcp.requests().last().hasHeader("authorization")).as("the bearer token went with the call").isTrue();
      BackendHealth h = b.health().get(0);
      assertThat(h.up()).isTrue();
      assertThat(h.detail()).startsWith("logged in and read maps");
      assertThat(oauth.takeRequest().getPath()).isEqualTo("/google/token");
    } finally {
      oauth.shutdown();
    }
  }

  /** A service-account key file made now, whose token endpoint is the local OAuth server. */
  private Path serviceAccountKey(Path dir, String tokenUri) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes())
        .encodeToString(g.generateKeyPair().getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
    String json = "{\"type\":\"service_account\",\"project_id\":\"agents-prod\",\"private_key_id\":\"k1\","
        + "\"private_key\":" + new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(pem) + ","
        + "\"client_email\":\"broker@agents-prod.iam.gserviceaccount.com\",\"client_id\":\"1\","
        + "\"token_uri\":\"" + tokenUri + "\"}";
    return Files.writeString(dir.resolve("sa.json"), json);
  }
}
