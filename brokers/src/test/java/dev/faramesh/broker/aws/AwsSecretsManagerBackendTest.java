package dev.faramesh.broker.aws;

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
import dev.faramesh.testkit.aws.AwsAccessKey;
import dev.faramesh.testkit.aws.AwsSecretsManagerServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The aws-sm backend through a real broker and the real AWS SDK v2 against the testkit's Secrets
 * Manager, which verifies every SigV4 signature with AWS's own signer.
 */
class AwsSecretsManagerBackendTest {

  @RegisterExtension
  final NoLeaks leaks = new NoLeaks();

  private final TestClock clock = new TestClock();
  private AwsSecretsManagerServer aws;
  private AwsAccessKey key;
  private final String v1 = TestSecrets.alnum("sk_live_", 32);
  private final String v2 = TestSecrets.alnum("sk_live_", 32);
  private String v1Id;

  @BeforeEach
  void start() {
    aws = AwsSecretsManagerServer.start();
    key = aws.newAccessKey();
    leaks.secret(key.secretAccessKey());
    leaks.secret(v1);
    leaks.secret(v2);
    v1Id = aws.putSecret("prod/stripe", v1);
  }

  @AfterEach
  void stop() {
    aws.stop();
  }

  private BrokerFixture fixture(String region, String secretKey) {
    return BrokerFixture.create().clock(clock).env("FARAMESH_CREDENTIAL_AWS_REGION", region)
        .env("FARAMESH_CREDENTIAL_AWS_ENDPOINT", aws.baseUrl().toString())
        .env("FARAMESH_CREDENTIAL_AWS_TIMEOUT", "1s")
        .env("AWS_ACCESS_KEY_ID", key.accessKeyId()).env("AWS_SECRET_ACCESS_KEY", secretKey);
  }

  private BrokerFixture fixture() {
    return fixture("us-east-1", key.secretAccessKey());
  }

  private CredentialUnavailableException unavailable(Broker b, String name) {
    return leaks.thrown(catchThrowableOfType(CredentialUnavailableException.class, () -> b.lease(b.binding(name))));
  }

  @Test
  void readsCurrentAPinnedStageOrVersionIdAndAJsonKey() throws Exception {
    String v2Id = aws.rotate("prod/stripe", v2);
    String dbPassword = leaks.secret(TestSecrets.alnum("", 24));
    aws.putSecret("prod/db", "{\"username\":\"app\",\"password\":\"" + dbPassword + "\"}");
    Broker b = fixture().bind("current", "aws-sm", "prod/stripe", Duration.ofMinutes(5))
        .bind("previous", "aws-sm", "prod/stripe", null, "AWSPREVIOUS", Duration.ofMinutes(5))
        .bind("first", "aws-sm", "prod/stripe", null, v1Id, Duration.ofMinutes(5))
        .bind("db", "aws-sm", "prod/db#password", Duration.ofMinutes(5)).build();
    Lease current = b.lease(b.binding("current"));
    assertThat(current.value()).isEqualTo(v2);
    assertThat(current.version()).isEqualTo(v2Id);
    assertThat(b.lease(b.binding("previous")).value()).isEqualTo(v1);
    assertThat(b.lease(b.binding("first")).value()).isEqualTo(v1);
    assertThat(b.lease(b.binding("db")).value()).isEqualTo(dbPassword);
    assertThat(aws.requests().last().hasHeader("Authorization")).isTrue();
  }

  @Test
  void rotateAsksAwsToRotateAndTheNextLeaseGetsTheNewValue() throws Exception {
    String rotated = leaks.secret(TestSecrets.alnum("rk_", 32));
    aws.rotationValues(() -> rotated);
    Broker b = fixture().bind("stripe", "aws-sm", "prod/stripe", Duration.ofHours(1)).build();
    assertThat(b.lease(b.binding("stripe")).value()).isEqualTo(v1);
    Rotation r = b.rotate("stripe");
    assertThat(r.byBackend()).isTrue();
    assertThat(r.version()).isEqualTo(aws.versionWithStage("prod/stripe", "AWSCURRENT").orElseThrow());
    assertThat(b.lease(b.binding("stripe")).value()).isEqualTo(rotated);
    assertThat(aws.valueWithStage("prod/stripe", "AWSPREVIOUS")).contains(v1);
  }

  @Test
  void notFoundDeniedAndWrongSignatureAreToldApart() {
    Broker b = fixture().bind("missing", "aws-sm", "prod/none", Duration.ofMinutes(1))
        .bind("badkey", "aws-sm", "prod/stripe#nokey", Duration.ofMinutes(1))
        .bind("stripe", "aws-sm", "prod/stripe", Duration.ofMinutes(1)).build();
    CredentialUnavailableException missing = unavailable(b, "missing");
    assertThat(missing.reasonCode()).isEqualTo(ReasonCodes.CREDENTIAL_NOT_FOUND);
    assertThat(missing.getMessage()).contains("ResourceNotFoundException");
    assertThat(unavailable(b, "badkey").reasonCode()).isEqualTo(ReasonCodes.CREDENTIAL_NOT_FOUND);
    aws.denyAll(true);
    CredentialUnavailableException denied = unavailable(b, "stripe");
    assertThat(denied.reasonCode()).isEqualTo(ReasonCodes.BACKEND_DENIED);
    assertThat(denied.getMessage()).contains("AccessDeniedException");
    aws.denyAll(false);

    String wrongSecret = leaks.secret(TestSecrets.alnum("", 40));
    Broker forged = fixture("us-east-1", wrongSecret).bind("stripe", "aws-sm", "prod/stripe", Duration.ofMinutes(1)).build();
    assertThat(unavailable(forged, "stripe").reasonCode()).as("the server checks the SigV4 signature")
        .isEqualTo(ReasonCodes.BACKEND_DENIED);
    Broker otherRegion = fixture("eu-west-1", key.secretAccessKey()).bind("stripe", "aws-sm", "prod/stripe",
        Duration.ofMinutes(1)).build();
    assertThat(unavailable(otherRegion, "stripe").reasonCode()).isEqualTo(ReasonCodes.BACKEND_DENIED);
  }

  @Test
  void downAndSlowAreOutagesBoundedInTime() throws Exception {
    Broker b = fixture().bind("stripe", "aws-sm", "prod/stripe", Duration.ofMinutes(1)).build();
    aws.down();
    assertThat(unavailable(b, "stripe").reasonCode()).isEqualTo(ReasonCodes.BACKEND_UNAVAILABLE);
    aws.up();
    clock.advance(Duration.ofSeconds(1));
    aws.delay(Duration.ofSeconds(4));
    long start = System.nanoTime();
    assertThat(unavailable(b, "stripe").reasonCode()).isEqualTo(ReasonCodes.BACKEND_TIMEOUT);
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2500);
    aws.delay(Duration.ZERO);
    clock.advance(Duration.ofSeconds(2));
    assertThat(b.lease(b.binding("stripe")).value()).isEqualTo(v1);
  }

  @Test
  void healthReadsTheBoundSecretForReal() {
    Broker b = fixture().bind("stripe", "aws-sm", "prod/stripe", Duration.ofMinutes(1)).build();
    BackendHealth up = b.health().get(0);
    assertThat(up.up()).isTrue();
    assertThat(up.detail()).contains("read stripe").contains(v1Id);
    aws.down();
    BackendHealth down = b.health().get(0);
    assertThat(down.up()).isFalse();
    assertThat(down.reasonCode()).isEqualTo(ReasonCodes.BACKEND_UNAVAILABLE);
    leaks.text(up.detail() + down.detail());
  }
}
