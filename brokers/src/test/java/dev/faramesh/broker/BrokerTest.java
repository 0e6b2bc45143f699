package dev.faramesh.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faramesh.broker.env.EnvBackend;
import dev.faramesh.policy.CredentialBinding;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BrokerTest {

  private final String openai = TestSecrets.alnum("sk-proj-", 48);
  private final Map<String, String> env = Map.of("OPENAI_API_KEY", openai, "PATH", "/usr/bin");
  private final CredentialBinding binding = new CredentialBinding("openai", "env", "OPENAI_API_KEY",
      List.of("OPENAI_API_KEY"), List.of("api.openai.com"), List.of("http/*"), Duration.ofMinutes(5), null, null);

  private Broker broker(Clock clock, CredentialBackend... backends) {
    BackendContext ctx = new BackendContext(env, Map.of());
    return Broker.start(List.of(binding), BackendRegistry.of(ctx, backends), env, new SecureRandom(), clock);
  }

  @Test
  void envBackendIssuesTheCapturedValueUnderAPlaceholder() throws Exception {
    Broker b = broker(Clock.systemUTC(), new EnvBackend());
    String p = b.placeholder("openai");
    assertThat(p).startsWith("sk-proj-").isNotEqualTo(openai);
    assertThat(b.bindingForVariable("OPENAI_API_KEY")).isSameAs(binding);
    assertThat(b.bindingForVariable("PATH")).isNull();
    assertThat(b.bindingsIn("Bearer " + p)).containsExactly(binding);
    assertThat(b.bindingsIn("Bearer nothing")).isEmpty();
    Lease lease = b.lease(binding);
    assertThat(lease.value()).isEqualTo(openai);
    assertThat(lease.toString()).doesNotContain(openai);
    assertThat(b.concealment()).containsEntry(openai, p);
  }

  @Test
  void leasesExpireAndRevoke() throws Exception {
    MutableClock clock = new MutableClock();
    Broker b = broker(clock, new EnvBackend());
    Lease lease = b.lease(binding);
    lease.revoke();
    assertThat(lease.value()).isNull();
    Lease second = b.lease(binding);
    clock.advance(Duration.ofMinutes(6));
    assertThat(second.valid()).isFalse();
    assertThat(second.value()).isNull();
  }

  @Test
  void cachesForAtMostTheTtl() throws Exception {
    MutableClock clock = new MutableClock();
    AtomicInteger fetches = new AtomicInteger();
    CredentialBackend counting = new CredentialBackend() {
      @Override public String type() { return "env"; }
      @Override public void configure(BackendContext c) {}
      @Override public Secret fetch(CredentialBinding bnd) {
        fetches.incrementAndGet();
        return new Secret(openai);
      }
    };
    Broker b = broker(clock, counting);
    b.lease(binding);
    b.lease(binding);
    assertThat(fetches).hasValue(1);
    clock.advance(Duration.ofMinutes(5));
    b.lease(binding);
    assertThat(fetches).hasValue(2);
    b.invalidate("openai");
    b.lease(binding);
    assertThat(fetches).hasValue(3);
  }

  @Test
  void aMissingBackendMakesOnlyItsCredentialUnavailable() {
    Broker b = broker(Clock.systemUTC());
    assertThatThrownBy(() -> b.lease(binding)).isInstanceOf(CredentialUnavailableException.class)
        .hasMessageContaining("openai").hasMessageNotContaining(openai);
  }

  @Test
  void missingVariableIsReportedWithoutValues() {
    Map<String, String> empty = Map.of();
    Broker b = Broker.start(List.of(binding), BackendRegistry.of(new BackendContext(empty, Map.of()), new EnvBackend()),
        empty, new SecureRandom(), Clock.systemUTC());
    assertThat(b.placeholder("openai")).startsWith("fmsh_");
    assertThatThrownBy(() -> b.lease(binding)).hasMessageContaining("OPENAI_API_KEY was not set");
  }

  static final class MutableClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    void advance(Duration d) { now = now.plus(d); }
    @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
    @Override public Clock withZone(java.time.ZoneId zone) { return this; }
    @Override public Instant instant() { return now; }
  }
}
