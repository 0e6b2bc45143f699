package dev.faramesh.agent.http.jdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faramesh.agent.TestAgent;
import dev.faramesh.agent.http.HttpGate;
import dev.faramesh.bootstrap.FarameshDeniedIOException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The HttpClient handler driven the way the advice drives it, with real {@link HttpRequest}s
 * standing in for the JDK's internal request copies.
 */
class JdkHttpClientHandlerTest {

  private static final String POLICY = """
      credential "openai" {
        env = ["OPENAI_API_KEY"]
        hosts = ["api.openai.com"]
      }
      agent bot {
        default deny
        rules {
          permit http/* host "api.openai.com"
          permit http/* host "other.test"
        }
      }
      """;

  private final String real = "sk-abc+/" + System.nanoTime() + "realvalue";
  private final TestAgent agent = new TestAgent(POLICY, null, Map.of("OPENAI_API_KEY", real));
  private final JdkHttpClientHandler handler = new JdkHttpClientHandler(new HttpGate(agent.decisions, agent.broker));
  private final String placeholder = agent.broker.placeholder("openai");

  JdkHttpClientHandlerTest() throws Exception {}

  private HttpRequest request(String url) {
    return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + placeholder)
        .header("X-Basic", "Basic " + Base64.getEncoder().encodeToString(("u:" + placeholder).getBytes(
            StandardCharsets.UTF_8))).build();
  }

  private HttpHeaders wire(HttpRequest internal) {
    return (HttpHeaders) handler.wireHeaders(internal, internal.headers());
  }

  @Test
  void theFirstHopIsDecidedOnceAndOnlyTheWireSeesTheRealValue() {
    HttpRequest user = request("https://api.openai.com/v1/x?key=" + placeholder);
    HttpRequest internal = request("https://api.openai.com/v1/x?key=" + placeholder);
    assertThat(handler.send(user, false)).isNull();
    assertThat(handler.hop(user, null, internal)).isNull();
    assertThat(agent.records).hasSize(1);
    assertThat(agent.records.get(0).credentials()).containsExactly("openai");
    HttpHeaders onWire = wire(internal);
    assertThat(onWire.firstValue("authorization")).hasValue("Bearer " + real);
    String basic = onWire.firstValue("x-basic").orElseThrow();
    assertThat(new String(Base64.getDecoder().decode(basic.substring(6)), StandardCharsets.UTF_8))
        .isEqualTo("u:" + real);
    assertThat(handler.requestTarget(internal, "/v1/x?key=" + placeholder))
        .isEqualTo("/v1/x?key=" + real.replace("+", "%2B").replace("/", "%2F"));
    HttpHeaders pseudo = HttpHeaders.of(Map.of(":path", List.of("/v1/x?key=" + placeholder)), (a, b) -> true);
    assertThat(((HttpHeaders) handler.pseudoHeaders(internal, pseudo)).firstValue(":path")).hasValue(
        "/v1/x?key=" + real.replace("+", "%2B").replace("/", "%2F"));
    // the objects themselves keep the placeholder
    assertThat(internal.headers().firstValue("authorization")).hasValue("Bearer " + placeholder);
  }

  @Test
  void aRedirectIsDecidedAgainAndAnUnscopedHostGetsThePlaceholder() {
    HttpRequest user = request("https://api.openai.com/v1/x");
    HttpRequest first = request("https://api.openai.com/v1/x");
    HttpRequest redirected = request("https://other.test/landing");
    handler.send(user, false);
    handler.hop(user, null, first);
    assertThat(handler.hop(user, first, redirected)).isNull();
    assertThat(agent.records).hasSize(2);
    assertThat(wire(redirected).firstValue("authorization")).hasValue("Bearer " + placeholder);
    assertThat(handler.requestTarget(redirected, "/landing?k=" + placeholder)).isEqualTo("/landing?k=" + placeholder);
  }

  @Test
  void aDeniedHopFailsWithTheDenialAndAnotherRequestObjectIsNotConfused() {
    HttpRequest denied = request("https://nowhere.test/");
    Throwable t = handler.send(denied, false);
    assertThat(t).isInstanceOf(FarameshDeniedIOException.class).hasMessageContaining("https://nowhere.test:443/")
        .hasMessageContaining("UNMATCHED_DENY").hasMessageNotContaining(placeholder);
    HttpRequest unknown = request("https://api.openai.com/");
    assertThat(wire(unknown).firstValue("authorization")).hasValue("Bearer " + placeholder);
  }

  @Test
  void theAgentsOwnRequestsAreNeitherDecidedNorRewrittenOnAnyHop() {
    HttpRequest user = request("https://api.openai.com/v1/own");
    HttpRequest first = request("https://api.openai.com/v1/own");
    HttpRequest redirected = request("https://nowhere.test/");
    assertThat(handler.send(user, true)).isNull();
    assertThat(handler.hop(user, null, first)).isNull();
    assertThat(handler.hop(user, first, redirected)).isNull();
    assertThat(agent.records).isEmpty();
    assertThat(wire(first).firstValue("authorization")).hasValue("Bearer " + placeholder);
  }

  @Test
  void aRequestSeenOnlyByTheExchangeIsStillDecidedOnce() {
    HttpRequest user = request("https://api.openai.com/ws");
    HttpRequest internal = request("https://api.openai.com/ws");
    assertThat(handler.hop(user, null, internal)).isNull();
    assertThat(agent.records).hasSize(1);
    assertThat(wire(internal).firstValue("authorization")).hasValue("Bearer " + real);
  }
}
