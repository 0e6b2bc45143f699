package dev.faramesh.agent.http.apacheasync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faramesh.agent.decision.DecisionRecord;
import dev.faramesh.agent.http.HttpGate;
import dev.faramesh.agent.http.LeasedGate;
import dev.faramesh.agent.http.HttpLibrary;
import dev.faramesh.agent.http.apacheasync4.ApacheAsync4ClientHandler;
import dev.faramesh.bootstrap.Dispatcher;
import dev.faramesh.bootstrap.Faramesh;
import dev.faramesh.bootstrap.FarameshDeniedIOException;
import dev.faramesh.broker.Broker;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.message.BasicHttpRequest;
import org.apache.hc.core5.http.nio.AsyncClientExchangeHandler;
import org.apache.hc.core5.http.nio.CapacityChannel;
import org.apache.hc.core5.http.nio.DataStreamChannel;
import org.apache.hc.core5.http.nio.RequestChannel;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The async Apache clients end a permitted hop's credential leases when its exchange is over, not
 * before its request was written; and a minimal client's exchange decides its request in the
 * request channel, before the connection sees it. Driven through the bootstrap bridge the way the
 * advice drives it, with HttpCore 5's real interfaces and a backend that issues a dynamic secret
 * (its own lease id per call) and records revocations.
 */
class AsyncExchangeLeaseTest {

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

  /** The library the bridge routes to in this test (the JVM's dispatcher is installed once). */
  private static volatile HttpLibrary library;

  @BeforeAll
  static void bridge() {
    if (!Faramesh.installed()) {
      Faramesh.install((Dispatcher) Proxy.newProxyInstance(Dispatcher.class.getClassLoader(),
          new Class<?>[] {Dispatcher.class}, (proxy, method, args) -> {
            HttpLibrary l = library;
            if (l == null) {
              return null;
            }
            return switch (method.getName()) {
              case "httpHopEnter" -> l.enter(args[1], args[2]);
              case "httpHopExit" -> {
                l.exit(args[0]);
                yield null;
              }
              default -> null;
            };
          }));
    }
  }

  private final LeasedGate.LeasingBackend backend = new LeasedGate.LeasingBackend();
  private final List<DecisionRecord> records;
  private final Broker broker;
  private final HttpGate gate;
  private final String placeholder;

  AsyncExchangeLeaseTest() throws Exception {
    LeasedGate fixture = new LeasedGate(POLICY, backend);
    records = fixture.records;
    broker = fixture.broker;
    gate = fixture.gate;
    placeholder = broker.placeholder("db");
  }

  @AfterEach
  void close() {
    library = null;
    broker.close();
  }

  /** An application exchange handler that sends one request and records what happened to it. */
  static final class OneRequest implements AsyncClientExchangeHandler {
    final HttpRequest request;
    final List<String> events = new ArrayList<>();

    OneRequest(HttpRequest request) {
      this.request = request;
    }

    @Override
    public void produceRequest(RequestChannel channel, HttpContext context) throws java.io.IOException,
        org.apache.hc.core5.http.HttpException {
      channel.sendRequest(request, null, context);
      events.add("sent");
    }

    @Override
    public void consumeResponse(HttpResponse response, EntityDetails entityDetails, HttpContext context) {}

    @Override
    public void consumeInformation(HttpResponse response, HttpContext context) {}

    @Override
    public void cancel() {}

    @Override
    public void failed(Exception cause) {
      events.add("failed");
    }

    @Override
    public void releaseResources() {
      events.add("released");
    }

    @Override
    public int available() {
      return 0;
    }

    @Override
    public void produce(DataStreamChannel channel) {}

    @Override
    public void updateCapacity(CapacityChannel capacityChannel) {}

    @Override
    public void consume(ByteBuffer src) {}

    @Override
    public void streamEnd(List<? extends org.apache.hc.core5.http.Header> trailers) {}
  }

  private static HttpRequest get(String url, String bearer) {
    BasicHttpRequest r = new BasicHttpRequest("GET", URI.create(url));
    r.addHeader("Authorization", "Bearer " + bearer);
    return r;
  }

  @Test
  void aMinimalExchangeDecidesItsRequestAsItIsSentAndEndsItsLeaseWhenReleased() throws Exception {
    ApacheAsyncClientHandler handler = new ApacheAsyncClientHandler(gate);
    library = handler;
    HttpRequest request = get("https://db.test/q", placeholder);
    OneRequest app = new OneRequest(request);
    AsyncClientExchangeHandler governed = (AsyncClientExchangeHandler) handler.exchange(app, true);
    assertThat(governed).isNotSameAs(app);
    List<HttpRequest> atConnection = new ArrayList<>();
    governed.produceRequest((r, e, c) -> atConnection.add(r), null);
    assertThat(atConnection).containsExactly(request);
    assertThat(records).hasSize(1);
    assertThat(records.get(0).decision().effect().name()).isEqualTo("PERMIT");
    assertThat(backend.issued).as("issued after the permit").hasValue(1);
    // the head goes out from a copy with the real value
    HttpRequest onWire = (HttpRequest) handler.wire(request);
    assertThat(onWire.getFirstHeader("Authorization").getValue()).isEqualTo("Bearer secret-1-x9z");
    assertThat(backend.revoked).as("not revoked while the exchange runs").isEmpty();

    // the client's own exchange on the leased connection sees the same request: not decided again
    AsyncClientExchangeHandler inner = (AsyncClientExchangeHandler) handler.exchange(new OneRequest(request), true);
    inner.produceRequest((r, e, c) -> { }, null);
    assertThat(records).hasSize(1);

    governed.releaseResources();
    assertThat(app.events).containsExactly("sent", "released");
    assertThat(backend.revoked).containsExactly("lease-1");
    inner.releaseResources();
    assertThat(backend.revoked).as("ended once").containsExactly("lease-1");
  }

  @Test
  void aDeniedRequestNeverReachesTheConnectionAndAFailedExchangeEndsItsLease() throws Exception {
    ApacheAsyncClientHandler handler = new ApacheAsyncClientHandler(gate);
    library = handler;
    OneRequest denied = new OneRequest(get("https://evil.test/x", placeholder));
    AsyncClientExchangeHandler governed = (AsyncClientExchangeHandler) handler.exchange(denied, true);
    List<HttpRequest> atConnection = new ArrayList<>();
    assertThatThrownBy(() -> governed.produceRequest((r, e, c) -> atConnection.add(r), null))
        .isInstanceOf(FarameshDeniedIOException.class).hasMessageContaining("evil.test");
    assertThat(atConnection).isEmpty();
    assertThat(denied.events).isEmpty();
    assertThat(records).hasSize(1);
    assertThat(records.get(0).decision().effect().name()).isEqualTo("DENY");

    OneRequest permitted = new OneRequest(get("https://db.test/y", placeholder));
    AsyncClientExchangeHandler second = (AsyncClientExchangeHandler) handler.exchange(permitted, true);
    second.produceRequest((r, e, c) -> { }, null);
    assertThat(backend.revoked).isEmpty();
    second.failed(new java.io.IOException("connection reset"));
    assertThat(permitted.events).containsExactly("sent", "failed");
    assertThat(backend.revoked).containsExactly("lease-1");
  }

  @Test
  void theExecChainsExchangeNeverDecides() throws Exception {
    ApacheAsyncClientHandler handler = new ApacheAsyncClientHandler(gate);
    library = handler;
    HttpRequest undecided = get("https://db.test/z", placeholder);
    AsyncClientExchangeHandler runtime = (AsyncClientExchangeHandler) handler.exchange(new OneRequest(undecided), false);
    runtime.produceRequest((r, e, c) -> { }, null);
    assertThat(records).as("the exec chain decided it, or nobody: never twice").isEmpty();
    runtime.releaseResources();
    assertThat(backend.revoked).isEmpty();
  }

  /** HttpAsyncClient 4's exchange as {@code MainClientExec} leaves it: a current request and its route. */
  public static final class Exchange4 {
    private Object current;
    private final Route4 route;

    Exchange4(Object current, Route4 route) {
      this.current = current;
      this.route = route;
    }

    public Object getCurrentRequest() {
      return current;
    }

    public Object getRoute() {
      return route;
    }
  }

  /** The route's target. */
  public record Route4(Host4 getTargetHost) {}

  /** {@code HttpHost}'s accessors. */
  public record Host4(String getSchemeName, String getHostName, int getPort) {}

  /** The few methods of {@code HttpRequestWrapper} the handler reads. */
  public record Wrapper4(URI getURI, String getMethod, Header4[] getAllHeaders) {}

  /** {@code Header}'s accessors. */
  public record Header4(String getName, String getValue) {}

  @Test
  void httpAsyncClient4EndsAHopsLeasesAtTheRedirectAndTheLastHopsAtRelease() throws Exception {
    ApacheAsync4ClientHandler handler = new ApacheAsync4ClientHandler(gate);
    Header4[] headers = {new Header4("Authorization", "Bearer " + placeholder)};
    Route4 route = new Route4(new Host4("https", "db.test", 443));
    Exchange4 exchange = new Exchange4(new Wrapper4(URI.create("/a"), "GET", headers), route);
    assertThat(handler.enter(exchange, null)).isNull();
    assertThat(handler.enter(exchange, null)).as("the same current request: not decided again").isNull();
    assertThat(records).hasSize(1);
    assertThat(backend.issued).hasValue(1);
    exchange.current = new Wrapper4(URI.create("/b"), "GET", headers);
    assertThat(handler.enter(exchange, null)).isNull();
    assertThat(records).hasSize(2);
    assertThat(backend.revoked).as("the redirect's first hop has its response").containsExactly("lease-1");
    handler.exit(exchange);
    assertThat(backend.revoked).containsExactly("lease-1", "lease-2");
    handler.exit(exchange);
    assertThat(backend.revoked).as("ended once").containsExactly("lease-1", "lease-2");

    Exchange4 denied = new Exchange4(new Wrapper4(URI.create("/c"), "GET", headers),
        new Route4(new Host4("http", "evil.test", 80)));
    assertThat(handler.enter(denied, null)).isInstanceOf(FarameshDeniedIOException.class);
  }
}
