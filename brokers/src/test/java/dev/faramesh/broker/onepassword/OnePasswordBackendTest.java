package dev.faramesh.broker.onepassword;

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
import dev.faramesh.testkit.onepassword.ItemField;
import dev.faramesh.testkit.onepassword.OnePasswordConnectServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The 1password backend through a real broker and the real opconnect-java client (Retrofit + okhttp
 * 5) against the testkit's Connect server over a loopback socket.
 */
class OnePasswordBackendTest {

  @RegisterExtension
  final NoLeaks leaks = new NoLeaks();

  private final TestClock clock = new TestClock();
  private OnePasswordConnectServer op;
  private String token;
  private String vaultId;
  private String itemId;
  private final String v1 = TestSecrets.alnum("sk_live_", 24);
  private final String v2 = TestSecrets.alnum("sk_live_", 24);
  private final String apiKey = TestSecrets.alnum("ghp_", 36);

  @BeforeEach
  void start() {
    op = OnePasswordConnectServer.start();
    token = leaks.secret(op.issueToken());
    leaks.secret(v1);
    leaks.secret(v2);
    leaks.secret(apiKey);
    vaultId = op.createVault("agents");
    itemId = op.createItem(vaultId, "stripe", "LOGIN", List.of(ItemField.username("svc-agent"), ItemField.password(v1)));
    op.createItem(vaultId, "github", "API_CREDENTIAL", List.of(ItemField.concealed("credential", apiKey)));
  }

  @AfterEach
  void stop() {
    op.stop();
  }

  private BrokerFixture fixture() {
    return BrokerFixture.create().clock(clock).env("FARAMESH_CREDENTIAL_1PASSWORD_HOST", op.baseUrl().toString())
        .env("FARAMESH_CREDENTIAL_1PASSWORD_TOKEN", token).env("FARAMESH_CREDENTIAL_1PASSWORD_VAULT", "agents")
        .env("FARAMESH_CREDENTIAL_1PASSWORD_TIMEOUT", "5s");
  }

  private CredentialUnavailableException unavailable(Broker b, String name) {
    return leaks.thrown(catchThrowableOfType(CredentialUnavailableException.class, () -> b.lease(b.binding(name))));
  }

  @Test
  void readsByReferenceByIdAndByTitleWithFieldsVersionsAndRotation() throws Exception {
    Broker b = fixture().bind("stripe", "1password", "op://agents/stripe/password", Duration.ofSeconds(60))
        .bind("stripe-id", "1password", vaultId + "/" + itemId, Duration.ofHours(1))
        .bind("github", "1password", "github", Duration.ofHours(1))
        .bind("user", "1password", "agents/stripe", "username", null, Duration.ofHours(1)).build();
    Lease first = b.lease(b.binding("stripe"));
    assertThat(first.value()).isEqualTo(v1);
    assertThat(b.lease(b.binding("stripe-id")).value()).isEqualTo(v1);
    assertThat(b.lease(b.binding("github")).value()).as("the only concealed field").isEqualTo(apiKey);
    assertThat(b.lease(b.binding("user")).value()).isEqualTo("svc-agent");
    assertThat(op.requests().entries()).allSatisfy(r -> assertThat(r.hasHeader("Authorization")).isTrue());
    String firstVersion = first.version();
    int next = op.rotate(vaultId, itemId, "password", v2);
    assertThat(b.lease(b.binding("stripe")).value()).as("cached within the TTL").isEqualTo(v1);
    clock.advance(Duration.ofSeconds(61));
    Lease afterTtl = b.lease(b.binding("stripe"));
    assertThat(afterTtl.value()).as("the TTL is honoured").isEqualTo(v2);
    assertThat(afterTtl.version()).isEqualTo(String.valueOf(next));
    assertThat(b.lease(b.binding("stripe-id")).value()).as("other binding still cached").isEqualTo(v1);
    assertThat(b.rotate("stripe-id").byBackend()).isFalse();
    assertThat(b.lease(b.binding("stripe-id")).value()).isEqualTo(v2);
    Broker pinned = fixture().bind("old", "1password", "agents/stripe", null, firstVersion, Duration.ofHours(1))
        .bind("now", "1password", "agents/stripe", null, String.valueOf(next), Duration.ofHours(1)).build();
    assertThat(unavailable(pinned, "old").reasonCode()).isEqualTo(ReasonCodes.CREDENTIAL_NOT_FOUND);
    assertThat(pinned.lease(pinned.binding("now")).value()).isEqualTo(v2);
  }

  @Test
  void notFoundDeniedAndHealth() {
    Broker b = fixture().bind("stripe", "1password", "agents/stripe", Duration.ofHours(1))
        .bind("no-item", "1password", "agents/nothing", Duration.ofHours(1))
        .bind("no-vault", "1password", "elsewhere/stripe", Duration.ofHours(1))
        .bind("no-field", "1password", "op://agents/stripe/otp", Duration.ofHours(1))
        .bind("no-id", "1password", vaultId + "/abcdefghijklmnopqrstuvwxyz", Duration.ofHours(1)).build();
    for (String n : List.of("no-item", "no-vault", "no-field", "no-id")) {
      assertThat(unavailable(b, n).reasonCode()).as(n).isEqualTo(ReasonCodes.CREDENTIAL_NOT_FOUND);
    }
    List<BackendHealth> ok = b.health();
    assertThat(ok).singleElement().satisfies(h -> assertThat(h.up()).isTrue());
    op.revokeToken(token);
    CredentialUnavailableException denied = unavailable(b, "stripe");
    assertThat(denied.reasonCode()).isEqualTo(ReasonCodes.BACKEND_DENIED);
    List<BackendHealth> down = b.health();
    assertThat(down).singleElement().satisfies(h -> {
      assertThat(h.up()).isFalse();
      assertThat(h.reasonCode()).isEqualTo(ReasonCodes.BACKEND_DENIED);
    });
    leaks.text(down.toString());
  }

  @Test
  void downAndSlowAreOutagesBoundedInTime() throws Exception {
    Broker b = fixture().env("FARAMESH_CREDENTIAL_1PASSWORD_TIMEOUT", "1s")
        .bind("stripe", "1password", "agents/stripe", Duration.ofHours(1)).build();
    assertThat(b.lease(b.binding("stripe")).value()).isEqualTo(v1);
    b.invalidate("stripe");
    op.delay(Duration.ofSeconds(4));
    long start = System.nanoTime();
    assertThat(unavailable(b, "stripe").reasonCode()).isEqualTo(ReasonCodes.BACKEND_TIMEOUT);
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2500);
    op.delay(Duration.ZERO);
    clock.advance(Duration.ofSeconds(1));
    op.down();
    assertThat(unavailable(b, "stripe").reasonCode()).isEqualTo(ReasonCodes.BACKEND_UNAVAILABLE);
    op.up();
    clock.advance(Duration.ofSeconds(60));
    assertThat(b.lease(b.binding("stripe")).value()).isEqualTo(v1);
  }
}
