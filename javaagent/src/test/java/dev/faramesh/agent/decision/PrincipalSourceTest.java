package dev.faramesh.agent.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faramesh.identity.IdentityContext;
import dev.faramesh.identity.IdentityException;
import dev.faramesh.identity.IdentityProvider;
import dev.faramesh.policy.Principal;
import dev.faramesh.policy.ReasonCodes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** When the principal is attested again: new evidence, ahead of expiry, after expiry; failures are kept. */
class PrincipalSourceTest {

  static final class MutableClock extends Clock {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    @Override public Instant instant() { return now; }
    @Override public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
    @Override public Clock withZone(java.time.ZoneId zone) { return this; }
  }

  /** Hands out principals valid for an hour from "now", or fails with {@code failure}. */
  static final class FakeProvider implements IdentityProvider {
    final MutableClock clock;
    long revision;
    int attests;
    String failure;

    FakeProvider(MutableClock clock) {
      this.clock = clock;
    }

    @Override public String type() { return "fake"; }
    @Override public boolean attests() { return true; }
    @Override public void configure(IdentityContext context) {}
    @Override public long revision() { return revision; }

    @Override
    public Principal attest(String agentId) throws IdentityException {
      attests++;
      if (failure != null) {
        throw IdentityException.of(failure, "fake failure");
      }
      return Principal.builder(agentId, "spiffe://t/" + agentId + "/" + attests).verified(true)
          .expiry(clock.now.plus(Duration.ofHours(1))).build();
    }
  }

  @Test
  void reusedUntilNewEvidenceThenAttestedAgain() throws Exception {
    MutableClock clock = new MutableClock();
    FakeProvider p = new FakeProvider(clock);
    PrincipalSource s = new PrincipalSource(p, "bot", clock);
    Principal first = s.attest();
    assertThat(s.principal()).isSameAs(first);
    assertThat(s.principal()).isSameAs(first);
    assertThat(p.attests).isEqualTo(1);
    p.revision++;
    assertThat(s.principal().id()).isEqualTo("spiffe://t/bot/2");
  }

  @Test
  void refreshedAheadOfExpiryAndNeverUsedPastIt() throws Exception {
    MutableClock clock = new MutableClock();
    FakeProvider p = new FakeProvider(clock);
    PrincipalSource s = new PrincipalSource(p, "bot", clock);
    Principal first = s.attest();
    clock.now = first.expiry().minusSeconds(10);
    p.failure = ReasonCodes.IDENTITY_PROVIDER_UNAVAILABLE;
    // the early refresh fails: the principal is still valid and kept
    assertThat(s.principal()).isSameAs(first);
    clock.now = first.expiry();
    p.revision++;
    assertThatThrownBy(s::principal).isInstanceOfSatisfying(IdentityException.class,
        e -> assertThat(e.reasonCode()).isEqualTo(ReasonCodes.IDENTITY_PROVIDER_UNAVAILABLE));
    p.failure = null;
    p.revision++;
    assertThat(s.principal().id()).isNotEqualTo(first.id());
  }

  @Test
  void aFailureIsKeptWithoutHammeringTheProvider() throws Exception {
    MutableClock clock = new MutableClock();
    FakeProvider p = new FakeProvider(clock);
    p.failure = ReasonCodes.IDENTITY_EXPIRED;
    PrincipalSource s = new PrincipalSource(p, "bot", clock);
    assertThatThrownBy(s::attest).isInstanceOf(IdentityException.class);
    for (int i = 0; i < 20; i++) {
      assertThatThrownBy(s::principal).isInstanceOfSatisfying(IdentityException.class,
          e -> assertThat(e.reasonCode()).isEqualTo(ReasonCodes.IDENTITY_EXPIRED));
    }
    assertThat(p.attests).as("at most once a second without new evidence").isEqualTo(1);
    p.failure = null;
    p.revision++;
    assertThat(s.principal().verified()).isTrue();
  }
}
