package dev.faramesh.agent.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.faramesh.agent.decision.DecisionRecord;
import dev.faramesh.agent.http.jdk.JdkHttpClientHandler;
import dev.faramesh.broker.Broker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A permitted hop's leases end when its exchange is over, not before: driven the way the advice
 * drives the handlers, with a backend that issues a dynamic secret (its own lease id per call) and
 * records the revocations it is asked for.
 */
class HopLeaseReleaseTest {

  private static final String POLICY = """
      credential "db" {
        backend = "vault"
        path    = "database/creds/app"
        env     = ["DB_PASSWORD"]
        hosts   = ["db.test"]
      }
      agent bot {
        default deny
        rules {
          permit http/* host "db.test"
          permit http/* host "other.test"
        }
      }
      """;

  private final LeasedGate.LeasingBackend backend = new LeasedGate.LeasingBackend();
  private final List<DecisionRecord> records;
  private final Broker broker;
  private final HttpGate gate;
  private final String placeholder;

  HopLeaseReleaseTest() throws Exception {
    LeasedGate fixture = new LeasedGate(POLICY, backend);
    records = fixture.records;
    broker = fixture.broker;
    gate = fixture.gate;
    placeholder = broker.placeholder("db");
  }

  @AfterEach
  void close() {
    broker.close();
  }

  private HttpRequest request(String url) {
    return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + placeholder).build();
  }

  private HttpGate.Hop decide(String host) {
    return gate.decide("test", "https", host, 443, "GET", "/", null, List.of("Bearer " + placeholder));
  }

  @Test
  void anHttpClientCallsLeaseIsRevokedWhenItsFutureCompletesNotBefore() {
    JdkHttpClientHandler handler = new JdkHttpClientHandler(gate);
    HttpRequest user = request("https://db.test/q");
    HttpRequest internal = request("https://db.test/q");
    Object handle = handler.exchange(user, false);
    assertThat(handle).as("a call holding a lease gets a handle").isNotNull().isNotInstanceOf(Throwable.class);
    assertThat(backend.issued).as("issued after the permit, before the DPR").hasValue(1);
    assertThat(handler.hop(user, null, internal)).isNull();
    HttpHeaders onWire = (HttpHeaders) handler.wireHeaders(internal, internal.headers());
    assertThat(onWire.firstValue("authorization")).hasValue("Bearer secret-1-x9z");
    assertThat(backend.revoked).as("not revoked while the request is on its way").isEmpty();

    handler.exchangeEnd(handle);
    assertThat(backend.revoked).containsExactly("lease-1");
    assertThat(broker.outstandingLeases()).isZero();
    handler.exchangeEnd(handle);
    assertThat(backend.revoked).as("ended once").containsExactly("lease-1");
  }

  @Test
  void aRedirectsLeaseEndsWithTheCallAndACallWithoutCredentialsGetsNoHandle() {
    JdkHttpClientHandler handler = new JdkHttpClientHandler(gate);
    HttpRequest user = request("https://db.test/a");
    HttpRequest first = request("https://db.test/a");
    HttpRequest second = request("https://db.test/b");
    Object handle = handler.exchange(user, false);
    handler.hop(user, null, first);
    handler.hop(user, first, second);
    assertThat(backend.issued).hasValue(2);
    assertThat(backend.revoked).isEmpty();
    handler.exchangeEnd(handle);
    assertThat(backend.revoked).containsExactlyInAnyOrder("lease-1", "lease-2");

    HttpRequest plain = HttpRequest.newBuilder(URI.create("https://other.test/")).build();
    assertThat(handler.exchange(plain, false)).as("nothing to end: no handle, no completion hook").isNull();
    assertThat(handler.exchange(request("https://db.test/own"), true)).as("the agent's own call").isNull();
  }

  @Test
  void libraryHopFramesEndTheirLeasesWhenTheOutermostFrameOfTheHopCloses() {
    HopFrames frames = new HopFrames();
    HttpGate.Hop hop = decide("db.test");
    WirePlan plan = hop.plan();
    assertThat(plan.holdsLeases()).isTrue();
    HopFrames.Frame outer = frames.push("req", plan);
    HopFrames.Frame inner = frames.push("req", plan);
    assertThat(plan.header("Bearer " + placeholder)).isEqualTo("Bearer secret-1-x9z");
    frames.pop(inner);
    assertThat(backend.revoked).as("the retry stage around it still holds the hop").isEmpty();
    // a follow-up (redirect) replaces the plan: the previous hop's response is in
    WirePlan next = decide("db.test").plan();
    outer.replace(next);
    assertThat(backend.revoked).containsExactly("lease-1");
    frames.pop(outer);
    assertThat(backend.revoked).containsExactly("lease-1", "lease-2");
    assertThat(frames.top()).isNull();
  }

  @Test
  void aRevocationThatFailsIsSaidWithoutTheValueAndBreaksNothing() {
    backend.failRevoke = true;
    JdkHttpClientHandler handler = new JdkHttpClientHandler(gate);
    HttpRequest user = request("https://db.test/q");
    Object handle = handler.exchange(user, false);
    handler.hop(user, null, request("https://db.test/q"));
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true));
    try {
      assertThatCode(() -> handler.exchangeEnd(handle)).doesNotThrowAnyException();
    } finally {
      System.setErr(err);
    }
    assertThat(broker.failedRevocations()).isEqualTo(1);
    assertThat(captured.toString()).doesNotContain("secret-1-x9z");
  }
}
