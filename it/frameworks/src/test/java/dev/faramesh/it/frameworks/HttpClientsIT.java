package dev.faramesh.it.frameworks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faramesh.audit.DprRecord;
import dev.faramesh.it.support.ChildJvm;
import dev.faramesh.it.support.HostsFile;
import dev.faramesh.it.support.Jdks;
import dev.faramesh.it.support.RecordedRequest;
import dev.faramesh.it.support.RecordingServer;
import dev.faramesh.it.support.TestSecrets;
import dev.faramesh.it.support.TestTls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * OkHttp 3, 4, 5, Apache HttpClient 4 and 5 (classic, and 5's async and minimal async clients) and Apache
 * HttpAsyncClient 4.1 (default and minimal client) under the real faramesh.jar, with the JDK
 * clients' behaviour: the permitted host receives the real credential (header and query, plain
 * and TLS), any other host only the placeholder, also at the end of a redirect; a denied path or
 * host fails the call with {@code FarameshDeniedIOException} before anything is sent, and the
 * application goes on. OkHttp's versions share one package, so each child JVM holds one OkHttp
 * version with one Apache 4 and one Apache 5 version: run {@code i} takes the {@code i}-th version
 * of each line (the line's newest when it has fewer), and further JDKs run the newest of each.
 */
class HttpClientsIT {

  static final String ALLOWED = "api.allowed.test";
  static final String EVIL = "exfil.evil.test";
  static final String BLOCKED = "blocked.evil.test";

  static final String POLICY = """
      credential "openai" {
        backend = "env"
        env     = ["OPENAI_API_KEY"]
        hosts   = ["api.allowed.test"]
        scope   = ["http/*"]
      }
      agent http-bot {
        default deny
        rules {
          deny http/get host "api.allowed.test" path "/forbidden/**" reason: "forbidden path"
          permit http/* host "api.allowed.test"
          permit http/* host "exfil.evil.test"
        }
      }
      """;

  /** Client name in the app, the pom's line, and the display name. */
  enum Line {
    OKHTTP("okhttp", "okhttp", "OkHttp"),
    APACHE4("apache4", "httpclient4", "Apache HttpClient"),
    APACHE5("apache5", "httpclient5", "Apache HttpClient"),
    /** HttpClient 5's async client, from the same artifact and version as {@link #APACHE5}. */
    APACHE5ASYNC("apacheasync5", "httpclient5", "Apache HttpClient async"),
    /** HttpClient 5's minimal clients (no execution chain): {@code createMinimal}, {@code createHttp2Minimal}. */
    APACHE5MINIMAL("apacheminimal5", "httpclient5", "Apache HttpClient minimal"),
    APACHE5H2MINIMAL("apacheh2minimal5", "httpclient5", "Apache HttpClient minimal HTTP/2"),
    /** Apache HttpAsyncClient 4.1 ({@code org.apache.httpcomponents:httpasyncclient}). */
    APACHE4ASYNC("apacheasync4", "httpasyncclient4", "Apache HttpAsyncClient"),
    APACHE4MINIMAL("apacheminimal4", "httpasyncclient4", "Apache HttpAsyncClient minimal"),
    /** Its pipelining client ({@code createPipelining}): each common step a pipeline of one request. */
    APACHE4PIPELINING("apachepipelining4", "httpasyncclient4", "Apache HttpAsyncClient pipelining");

    final String client;
    final String line;
    final String display;

    Line(String client, String line, String display) {
      this.client = client;
      this.line = line;
      this.display = display;
    }

    String coordinate(String version) {
      return switch (this) {
        // from 5.0 the "okhttp" artifact is a Kotlin multiplatform stub; the JVM classes are okhttp-jvm
        case OKHTTP -> (version.startsWith("3.") || version.startsWith("4.") ? "com.squareup.okhttp3:okhttp:"
            : "com.squareup.okhttp3:okhttp-jvm:") + version;
        case APACHE4 -> "org.apache.httpcomponents:httpclient:" + version;
        case APACHE4ASYNC, APACHE4MINIMAL, APACHE4PIPELINING -> "org.apache.httpcomponents:httpasyncclient:" + version;
        case APACHE5, APACHE5ASYNC, APACHE5MINIMAL, APACHE5H2MINIMAL ->
            "org.apache.httpcomponents.client5:httpclient5:" + version;
      };
    }
  }

  private static Path dir;
  private static TestTls tls;
  private static RecordingServer allowed;
  private static RecordingServer evil;
  private static Sink sink;
  private static Path hosts;
  private static final String KEY = TestSecrets.random("sk-proj-", 48);
  private static final Map<String, Outcome> RUNS = new ConcurrentHashMap<>();

  record Outcome(AgentRun run, List<RecordedRequest> atAllowed, List<RecordedRequest> atEvil, Sink.Seen atSink) {}

  @BeforeAll
  static void servers() throws Exception {
    dir = Files.createTempDirectory("faramesh-it-http");
    tls = TestTls.create(dir.resolve("tls"), List.of(ALLOWED, EVIL, BLOCKED));
    allowed = RecordingServer.start("allowed", tls);
    evil = RecordingServer.start("evil", tls);
    hosts = HostsFile.write(dir.resolve("hosts"), List.of(ALLOWED, EVIL, BLOCKED));
    sink = Sink.start(tls);
  }

  @AfterAll
  static void stop() throws Exception {
    allowed.close();
    evil.close();
    sink.close();
  }

  private static int runs() {
    int n = 0;
    for (Line l : Line.values()) {
      n = Math.max(n, Matrix.versions(l.line).size());
    }
    return n;
  }

  /** The version of {@code line} in run {@code index} ({@code -1}: the newest). */
  private static String versionIn(Line line, int index) {
    List<String> v = Matrix.versions(line.line);
    return index < 0 || index >= v.size() ? v.get(v.size() - 1) : v.get(index);
  }

  static Stream<Arguments> versions() {
    List<Jdks.Jdk> jdks = Jdks.selected();
    List<Arguments> out = new ArrayList<>();
    for (Line l : Line.values()) {
      List<String> versions = Matrix.versions(l.line);
      for (int i = 0; i < versions.size(); i++) {
        out.add(Arguments.of(l, versions.get(i), jdks.get(0), i));
      }
    }
    for (Jdks.Jdk jdk : jdks.subList(1, jdks.size())) {
      for (Line l : Line.values()) {
        out.add(Arguments.of(l, versionIn(l, -1), jdk, -1));
      }
    }
    return out.stream();
  }

  private static synchronized Outcome run(int index, Jdks.Jdk jdk) throws Exception {
    String key = index + "@" + jdk.feature();
    Outcome o = RUNS.get(key);
    if (o != null) {
      return o;
    }
    List<String> coordinates = new ArrayList<>();
    List<String> clients = new ArrayList<>();
    for (Line l : Line.values()) {
      String coordinate = l.coordinate(versionIn(l, index));
      if (!coordinates.contains(coordinate)) {
        coordinates.add(coordinate);
      }
      clients.add(l.client);
    }
    List<Path> libs = Artifacts.classpath(coordinates, List.of());
    allowed.clear();
    evil.clear();
    sink.clear();
    String host = "http://%s:" + allowed.plainPort();
    AgentRun run = AgentRun.run(jdk, "http-" + key, POLICY, libs, "agent=http-bot",
        "dev.faramesh.it.frameworks.http.HttpClientsApp",
        List.of(String.join(",", clients), host.formatted(ALLOWED), "https://" + ALLOWED + ":" + allowed.tlsPort(),
            "http://" + EVIL + ":" + evil.plainPort(), "http://" + BLOCKED + ":" + evil.plainPort(),
            "http://" + BLOCKED + ":" + sink.plainPort(), "https://" + BLOCKED + ":" + sink.tlsPort()),
        c -> {
          c.env("OPENAI_API_KEY", KEY).jvmArg(HostsFile.argument(hosts));
          // HttpCore 5.1 reads the ALPN outcome by reflection into sun.security.ssl, which JDK 17 refuses
          // without this: its async client then speaks HTTP/1.1 on the h2 connection it negotiated (upstream,
          // with or without the agent; fixed in later HttpCore 5 versions)
          c.jvmArg("--add-opens=java.base/sun.security.ssl=ALL-UNNAMED");
          tls.trustArguments().forEach(c::jvmArg);
        });
    o = new Outcome(run, allowed.requests(), evil.requests(), sink.seen());
    RUNS.put(key, o);
    return o;
  }

  private static Outcome checked(int index, Jdks.Jdk jdk) throws Exception {
    Outcome o = run(index, jdk);
    assertThat(o.run.result.exitCode()).as("%s", o.run).isZero();
    assertThat(o.run.result.stdout()).as("%s", o.run).contains("APP DONE");
    return o;
  }

  private static String step(Outcome o, Line l, String step) {
    List<String> lines = o.run.result.lines("RESULT " + l.client + "-" + step + " ");
    assertThat(lines).as("%s %s in %s", l.client, step, o.run).hasSize(1);
    return lines.get(0);
  }

  private static RecordedRequest only(List<RecordedRequest> requests, String prefix) {
    List<RecordedRequest> matching = requests.stream().filter(r -> r.pathQuery().startsWith(prefix)).toList();
    assertThat(matching).as("requests to %s in %s", prefix, requests).hasSize(1);
    return matching.get(0);
  }

  private static String placeholder(Outcome o, Line l) {
    return only(o.atEvil, "/steal/" + l.client + "?").header("x-api-key");
  }

  @ParameterizedTest(name = "{0} {1} on {2}")
  @MethodSource("versions")
  void thePermittedHostReceivesTheRealCredential(Line l, String version, Jdks.Jdk jdk, int index) throws Exception {
    Outcome o = checked(index, jdk);
    for (String s : List.of("allowed", "allowed-tls")) {
      assertThat(step(o, l, s)).as(s).isEqualTo("status=200");
    }
    for (String path : List.of("/v1/" + l.client + "?", "/v1/" + l.client + "-tls?")) {
      RecordedRequest r = only(o.atAllowed, path);
      assertThat(r.header("authorization")).as(path).isEqualTo("Bearer " + KEY);
      assertThat(r.header("x-api-key")).as(path).isEqualTo(KEY);
      assertThat(r.pathQuery()).as(path).isEqualTo(path + "key=" + KEY + "&v=1");
    }
    assertThat(only(o.atAllowed, "/v1/" + l.client + "-tls?").secure()).isTrue();
  }

  @ParameterizedTest(name = "{0} {1} on {2}")
  @MethodSource("versions")
  void anotherHostReceivesOnlyThePlaceholderAlsoAfterARedirect(Line l, String version, Jdks.Jdk jdk, int index)
      throws Exception {
    Outcome o = checked(index, jdk);
    String p = placeholder(o, l);
    assertThat(p).startsWith("sk-proj-").hasSameSizeAs(KEY).isNotEqualTo(KEY);
    RecordedRequest steal = only(o.atEvil, "/steal/" + l.client + "?");
    assertThat(steal.header("authorization")).isEqualTo("Bearer " + p);
    assertThat(steal.pathQuery()).contains("key=" + p);
    assertThat(step(o, l, "redirect")).isEqualTo("status=200");
    RecordedRequest first = o.atAllowed.stream()
        .filter(r -> r.pathQuery().startsWith("/redirect?to=") && r.pathQuery().endsWith("/landing/" + l.client))
        .findFirst().orElseThrow();
    assertThat(first.header("x-api-key")).isEqualTo(KEY);
    RecordedRequest landing = only(o.atEvil, "/landing/" + l.client);
    assertThat(landing.header("x-api-key")).isEqualTo(p);
    for (RecordedRequest r : o.atEvil) {
      assertThat(r.everything()).doesNotContain(KEY);
    }
  }

  @ParameterizedTest(name = "{0} {1} on {2}")
  @MethodSource("versions")
  void aDeniedCallFailsWithTheDenialAndTheApplicationGoesOn(Line l, String version, Jdks.Jdk jdk, int index)
      throws Exception {
    Outcome o = checked(index, jdk);
    assertThat(step(o, l, "forbidden")).startsWith("threw class=dev.faramesh.bootstrap.FarameshDeniedIOException")
        .contains("[RULE_DENY]").contains("forbidden path");
    assertThat(step(o, l, "blocked")).startsWith("threw class=dev.faramesh.bootstrap.FarameshDeniedIOException")
        .contains(BLOCKED).contains("[UNMATCHED_DENY]");
    assertThat(o.atAllowed).noneMatch(r -> r.pathQuery().startsWith("/forbidden/" + l.client));
    assertThat(o.atEvil).noneMatch(r -> r.pathQuery().startsWith("/never/" + l.client));
    assertThat(step(o, l, "after")).isEqualTo("status=200");
    assertThat(o.run.result.stdout() + o.run.result.stderr()).doesNotContain(KEY);
  }

  static Stream<Arguments> okHttpVersions() {
    return versions().filter(a -> a.get()[0] == Line.OKHTTP);
  }

  @ParameterizedTest(name = "{0} {1} on {2}")
  @MethodSource("okHttpVersions")
  void okHttpEnqueueIsGovernedLikeExecute(Line l, String version, Jdks.Jdk jdk, int index) throws Exception {
    Outcome o = checked(index, jdk);
    assertThat(step(o, l, "async-allowed")).isEqualTo("status=200");
    RecordedRequest r = only(o.atAllowed, "/v1/okhttp-async?");
    assertThat(r.header("x-api-key")).isEqualTo(KEY);
    assertThat(r.pathQuery()).isEqualTo("/v1/okhttp-async?key=" + KEY + "&v=1");
    assertThat(step(o, l, "async-blocked")).startsWith("threw class=dev.faramesh.bootstrap.FarameshDeniedIOException")
        .contains("[UNMATCHED_DENY]");
    assertThat(o.atEvil).noneMatch(e -> e.pathQuery().startsWith("/never/okhttp-async"));
  }

  static Stream<Arguments> apache5AsyncVersions() {
    return versions().filter(a -> a.get()[0] == Line.APACHE5ASYNC || a.get()[0] == Line.APACHE5MINIMAL
        || a.get()[0] == Line.APACHE5H2MINIMAL || a.get()[0] == Line.APACHE4ASYNC || a.get()[0] == Line.APACHE4MINIMAL);
  }

  static Stream<Arguments> apache5MinimalVersions() {
    return versions().filter(a -> a.get()[0] == Line.APACHE5MINIMAL);
  }

  /**
   * {@code MinimalHttpAsyncClient.lease} opens the connection before the request is known; each
   * request executed on the endpoint is decided on the I/O thread before its head is written. The
   * permitted host gets the real credential; a denied path (on a connection to the permitted host)
   * and a denied host fail with the denial and the app goes on. For the denied host, a sink that
   * accepts connections and counts the bytes it receives shows what left the machine: the TCP
   * connection (plain) or the TCP connection and (part of) the TLS handshake, and not one byte of the request.
   */
  @ParameterizedTest(name = "{0} {1} on {2}")
  @MethodSource("apache5MinimalVersions")
  void aLeasedEndpointSendsNoByteOfADeniedRequest(Line l, String version, Jdks.Jdk jdk, int index) throws Exception {
    Outcome o = checked(index, jdk);
    assertThat(step(o, l, "lease-allowed")).isEqualTo("status=200");
    RecordedRequest r = only(o.atAllowed, "/v1/" + l.client + "-lease?");
    assertThat(r.header("authorization")).isEqualTo("Bearer " + KEY);
    assertThat(r.header("x-api-key")).isEqualTo(KEY);
    assertThat(r.pathQuery()).isEqualTo("/v1/" + l.client + "-lease?key=" + KEY + "&v=1");
    assertThat(step(o, l, "lease-forbidden")).startsWith("threw class=dev.faramesh.bootstrap.FarameshDeniedIOException")
        .contains("[RULE_DENY]").contains("forbidden path");
    assertThat(o.atAllowed).noneMatch(e -> e.pathQuery().startsWith("/forbidden/" + l.client));
    for (String s : List.of("lease-blocked", "lease-blocked-tls")) {
      assertThat(step(o, l, s)).as(s).startsWith("threw class=dev.faramesh.bootstrap.FarameshDeniedIOException")
          .contains(BLOCKED).contains("[UNMATCHED_DENY]");
    }
    assertThat(step(o, l, "lease-after")).isEqualTo("status=200");
    Sink.Seen seen = o.atSink;
    assertThat(seen.plainConnections()).as("%s", seen).isEqualTo(1);
    assertThat(seen.plainBytes()).as("%s", seen).isZero();
    assertThat(seen.tlsConnections()).as("%s", seen).isEqualTo(1);
    // 5.6 completes the TLS handshake before it asks for the request; 5.1 asks during the handshake, and the
    // denial drops the connection before the handshake ends: either way no application data arrives
    assertThat(seen.tlsHandshakes()).as("%s", seen).isLessThanOrEqualTo(1);
    assertThat(seen.tlsBytes()).as("%s", seen).isZero();
    // control: the sink does count what a client sends
    try (java.net.Socket control = new java.net.Socket("127.0.0.1", sink.plainPort())) {
      control.getOutputStream().write("GET / HTTP/1.1\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
    long until = System.nanoTime() + 10_000_000_000L;
    while (sink.seen().plainBytes() < 18 && System.nanoTime() < until) {
      Thread.sleep(20);
    }
    assertThat(sink.seen().plainBytes()).isGreaterThanOrEqualTo(18);
  }

  /**
   * The async client's other form, {@code execute(AsyncRequestProducer, AsyncResponseConsumer,
   * FutureCallback)}, is governed like {@code execute(SimpleHttpRequest, FutureCallback)} (which the
   * common tests cover): the scoped host gets the real credential, a denial fails the future and
   * reaches the callback's {@code failed} (the app checks it is the same exception), nothing is sent.
   */
  @ParameterizedTest(name = "{0} {1} on {2}")
  @MethodSource("apache5AsyncVersions")
  void apache5AsyncProducerFormIsGovernedLikeTheSimpleForm(Line l, String version, Jdks.Jdk jdk, int index)
      throws Exception {
    Outcome o = checked(index, jdk);
    assertThat(step(o, l, "producer-allowed")).isEqualTo("status=200");
    RecordedRequest r = only(o.atAllowed, "/v1/" + l.client + "-producer?");
    assertThat(r.header("authorization")).isEqualTo("Bearer " + KEY);
    assertThat(r.header("x-api-key")).isEqualTo(KEY);
    assertThat(r.pathQuery()).isEqualTo("/v1/" + l.client + "-producer?key=" + KEY + "&v=1");
    // over TLS HttpClient 5's async clients negotiate HTTP/2: the head is written by the HTTP/2 converter, with the
    // credential (HttpAsyncClient 4 speaks HTTP/1.1 only)
    assertThat(only(o.atAllowed, "/v1/" + l.client + "-tls?").protocol())
        .startsWith(l == Line.APACHE4ASYNC || l == Line.APACHE4MINIMAL ? "HTTP/1.1" : "HTTP/2");
    if (l == Line.APACHE5H2MINIMAL) {
      // and the HTTP/2-only client speaks h2c (prior knowledge) in clear
      assertThat(only(o.atAllowed, "/v1/" + l.client + "?").protocol()).startsWith("HTTP/2");
    }
    assertThat(step(o, l, "producer-blocked")).startsWith("threw class=dev.faramesh.bootstrap.FarameshDeniedIOException")
        .contains(BLOCKED).contains("[UNMATCHED_DENY]");
    assertThat(o.atEvil).noneMatch(e -> e.pathQuery().startsWith("/never/" + l.client + "-producer"));
  }

  static Stream<Arguments> apache4PipeliningVersions() {
    return versions().filter(a -> a.get()[0] == Line.APACHE4PIPELINING);
  }

  /**
   * HttpAsyncClient 4.1's pipelining client sends a list of requests on one connection. Every request of
   * a pipeline is decided before the pipeline connects: when all are permitted each carries the real
   * credential to the scoped host (one record each); when one of them is denied the pipeline's
   * {@code Future} and callback fail with the denial and none of its requests arrives, not even the
   * permitted ones; the next pipeline works.
   */
  @ParameterizedTest(name = "{0} {1} on {2}")
  @MethodSource("apache4PipeliningVersions")
  void aPipelineIsDecidedWholeBeforeItConnects(Line l, String version, Jdks.Jdk jdk, int index) throws Exception {
    Outcome o = checked(index, jdk);
    assertThat(step(o, l, "pipeline-allowed")).isEqualTo("status=200");
    for (int i = 1; i <= 3; i++) {
      String path = "/v1/" + l.client + "-pipe-" + i + "?";
      RecordedRequest r = only(o.atAllowed, path);
      assertThat(r.header("authorization")).as(path).isEqualTo("Bearer " + KEY);
      assertThat(r.header("x-api-key")).as(path).isEqualTo(KEY);
      assertThat(r.pathQuery()).as(path).isEqualTo(path + "key=" + KEY + "&v=1");
    }
    assertThat(step(o, l, "pipeline-denied")).startsWith("threw class=dev.faramesh.bootstrap.FarameshDeniedIOException")
        .contains("[RULE_DENY]").contains("forbidden path");
    assertThat(o.atAllowed).noneMatch(r -> r.pathQuery().contains(l.client + "-pipedeny-"));
    List<DprRecord> piped = o.run.decisions.stream().filter(d -> String.valueOf(d.interceptAdapter())
        .equals(adapter(l))).toList();
    assertThat(step(o, l, "pipeline-after")).isEqualTo("status=200");
    assertThat(only(o.atAllowed, "/v1/" + l.client + "-pipeafter?").header("x-api-key")).isEqualTo(KEY);
    piped = piped.subList(piped.size() - 7, piped.size());
    assertThat(piped).extracting(DprRecord::effect).as("%s", piped)
        .containsExactly("PERMIT", "PERMIT", "PERMIT", "PERMIT", "DENY", "PERMIT", "PERMIT");
  }

  /** Each child JVM of the matrix once: its run index and JDK. */
  static Stream<Arguments> childRuns() {
    return versions().map(a -> List.of(a.get()[3], a.get()[2])).distinct().map(k -> Arguments.of(k.get(0), k.get(1)));
  }

  @ParameterizedTest(name = "run {0} on {1}")
  @MethodSource("childRuns")
  void auditVerifyPassesOnTheWalOfEachRun(int index, Jdks.Jdk jdk) throws Exception {
    Outcome o = checked(index, jdk);
    ChildJvm.Result verify = ChildJvm.on(jdk).jar(Path.of(System.getProperty("faramesh.jar")), "audit", "verify",
        o.run.work.resolve(".faramesh/wal").toString()).run();
    assertThat(verify.exitCode()).as("%s", verify).isZero();
    assertThat(verify.stdout()).contains("Chain integrity verified. " + o.run.decisions.size() + " records, 0 violations.");
  }

  @ParameterizedTest(name = "{0} {1} on {2}")
  @MethodSource("versions")
  void eachHopIsDecidedOnce(Line l, String version, Jdks.Jdk jdk, int index) throws Exception {
    Outcome o = checked(index, jdk);
    // allowed, allowed-tls, steal, redirect (two hops), forbidden, blocked, after
    List<DprRecord> mine = o.run.decisions.stream().filter(d -> d.toolId().startsWith("http/")
        && String.valueOf(d.interceptAdapter()).equals(adapter(l))).toList();
    if (l == Line.APACHE5MINIMAL || l == Line.APACHE5H2MINIMAL) {
      // both minimal clients record as apache-httpclient5-minimal; the app runs createMinimal's steps first
      assertThat(mine).as("%s", o.run.decisions).hasSize(15 + 10);
      mine = l == Line.APACHE5MINIMAL ? mine.subList(0, 15) : mine.subList(15, 25);
    }
    if (l == Line.APACHE4ASYNC || l == Line.APACHE4MINIMAL || l == Line.APACHE4PIPELINING) {
      // the HttpAsyncClient 4 clients record as apache-httpasyncclient4; the app runs default, minimal, pipelining
      assertThat(mine).as("%s", o.run.decisions).hasSize(10 + 10 + 17);
      mine = l == Line.APACHE4ASYNC ? mine.subList(0, 10) : l == Line.APACHE4MINIMAL ? mine.subList(10, 20)
          : mine.subList(20, 37);
    }
    // plus, for OkHttp, two enqueued calls (one denied); for the async clients, two producer calls (one denied);
    // for createMinimal, five calls on leased endpoints (three denied)
    boolean ok = l == Line.OKHTTP || l == Line.APACHE5ASYNC || l == Line.APACHE5H2MINIMAL || l == Line.APACHE4ASYNC
        || l == Line.APACHE4MINIMAL;
    // for the pipelining client, the two producer calls (its non-pipelined execute) and two pipelines of three
    // requests (one denied) and one of one: one record per request
    int expected = l == Line.APACHE5MINIMAL ? 15 : l == Line.APACHE4PIPELINING ? 17 : ok ? 10 : 8;
    int denied = l == Line.APACHE5MINIMAL ? 6 : l == Line.APACHE4PIPELINING ? 4 : ok ? 3 : 2;
    assertThat(mine).as("%s", o.run.decisions).hasSize(expected);
    assertThat(mine).filteredOn(d -> d.effect().equals("DENY")).hasSize(denied);
  }

  private static String adapter(Line l) {
    return switch (l) {
      case OKHTTP -> "okhttp";
      case APACHE4 -> "apache-httpclient4";
      case APACHE5 -> "apache-httpclient5";
      case APACHE5ASYNC -> "apache-httpclient5-async";
      case APACHE5MINIMAL, APACHE5H2MINIMAL -> "apache-httpclient5-minimal";
      case APACHE4ASYNC, APACHE4MINIMAL, APACHE4PIPELINING -> "apache-httpasyncclient4";
    };
  }

  @Override
  public String toString() {
    return "HttpClientsIT";
  }
}
