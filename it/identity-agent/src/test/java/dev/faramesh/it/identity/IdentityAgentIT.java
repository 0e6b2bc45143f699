package dev.faramesh.it.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import com.sun.net.httpserver.HttpServer;
import dev.faramesh.audit.AuditReader;
import dev.faramesh.audit.DprRecord;
import dev.faramesh.it.support.ChildJvm;
import dev.faramesh.it.support.Jdks;
import dev.faramesh.policy.ReasonCodes;
import dev.faramesh.testkit.k8s.KubernetesIssuer;
import dev.faramesh.testkit.k8s.PodIdentity;
import dev.faramesh.testkit.k8s.ServiceAccountTokenFile;
import dev.faramesh.testkit.oidc.JwksServer;
import dev.faramesh.testkit.oidc.TokenMinter;
import dev.faramesh.testkit.spiffe.TestTrustDomain;
import dev.faramesh.testkit.spiffe.WorkloadApiServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real faramesh.jar attesting an unmodified application against the testkit's identity
 * servers: the SPIFFE Workload API (gRPC on a Unix socket) and a loopback OIDC issuer with a token
 * file. The application pauses between its HTTP calls while the test changes the identity (rotates
 * the SVID, serves an expired one, rewrites the token file); each call's DPR shows what the agent
 * decided with: a rotated identity is used without restart, and every broken identity denies the
 * call with the identity check's reason code, without crashing the application. No token or key
 * reaches stdout, stderr or the WAL.
 */
class IdentityAgentIT {

  static final Path JAR = Path.of(System.getProperty("faramesh.jar"));
  static final String APPS = System.getProperty("faramesh.it.apps");

  @TempDir static Path dir;
  static HttpServer target;
  static final AtomicInteger served = new AtomicInteger();

  static Stream<Jdks.Jdk> jdks() {
    return Jdks.selected().stream();
  }

  @BeforeAll
  static void startTarget() throws IOException {
    target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    target.createContext("/", ex -> {
      served.incrementAndGet();
      byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    target.start();
  }

  @AfterAll
  static void stopTarget() {
    target.stop(0);
  }

  private static String get(String id) {
    return "http\t" + id + "\tHTTP_1_1\tGET\thttp://127.0.0.1:" + target.getAddress().getPort() + "/" + id + "\n";
  }

  private static ChildJvm scenario(Jdks.Jdk jdk, Path work, String policy, String steps) throws IOException {
    Files.writeString(work.resolve("governance.fms"), policy);
    Path file = Files.writeString(work.resolve("steps.tsv"), steps);
    return ChildJvm.on(jdk).agent(JAR, "").classpath(APPS).main("dev.faramesh.it.apps.ScenarioApp", file.toString())
        .directory(work).timeout(Duration.ofMinutes(2));
  }

  private static Thread onPause(Path work, String name, Pauses.ThrowingRunnable action) {
    return Pauses.onPause(work, name, 0, action);
  }

  private static List<DprRecord> dprs(Path work) throws IOException {
    List<DprRecord> all = new ArrayList<>();
    AuditReader.forEach(work.resolve(".faramesh/wal"), e -> all.add(e.record()));
    return all;
  }

  private static String walText(Path work) {
    try (Stream<Path> files = Files.walk(work.resolve(".faramesh/wal"))) {
      StringBuilder b = new StringBuilder();
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        b.append(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
      }
      return b.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void settle() throws InterruptedException {
    // the Workload API pushes on the open stream: give the agent's stream a moment to see it
    Thread.sleep(500);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void aSpiffeSvidAttestsTheAgentRotatesWithoutRestartAndEachBrokenSvidDenies(Jdks.Jdk jdk) throws Exception {
    Path work = Files.createDirectories(dir.resolve(jdk.feature() + "-spiffe"));
    TestTrustDomain home = TestTrustDomain.create("example.org");
    try (WorkloadApiServer api = WorkloadApiServer.start(work.resolve("agent.sock"), home, "/agents/bot")) {
      String policy = """
          identity "workload" {
            type = "spiffe"
            socket = "%s"
            trust_domain = "example.org"
          }
          runtime { identity = "workload" }
          agent bot {
            default deny
            rules { permit http/* when principal.id == "spiffe://example.org/agents/bot" }
          }
          """.formatted(api.address());
      String steps = get("first") + "pause\trotate\n" + get("rotated") + "pause\texpire\n" + get("expired")
          + "pause\timpostor\n" + get("impostor") + "pause\tforeign\n" + get("foreign") + "pause\trecover\n"
          + get("recovered");
      List<Instant> expiries = new ArrayList<>();
      expiries.add(api.currentX509Svid().leaf().getNotAfter().toInstant());
      onPause(work, "rotate", () -> {
        expiries.add(api.rotateX509Svid().leaf().getNotAfter().toInstant());
        settle();
      });
      onPause(work, "expire", () -> {
        api.serveX509Svid(home.issueExpiredX509Svid("/agents/bot"));
        settle();
      });
      onPause(work, "impostor", () -> {
        TestTrustDomain impostor = TestTrustDomain.create("example.org");
        api.serveX509Svid(impostor.issueX509Svid("/agents/bot").withBundleOf(home));
        settle();
      });
      onPause(work, "foreign", () -> {
        api.serveX509Svid(TestTrustDomain.create("partner.example").issueX509Svid("/agents/bot"));
        settle();
      });
      onPause(work, "recover", () -> {
        api.serveX509Svid(home.issueX509Svid("/agents/bot"));
        settle();
      });
      ChildJvm.Result r = scenario(jdk, work, policy, steps).run();

      assertThat(r.exitCode()).as("%s", r).isZero();
      assertThat(r.stderr()).contains("governing bot as spiffe://example.org/agents/bot");
      assertThat(r.lines("RESULT first ")).containsExactly("status=200 version=HTTP_1_1 body=ok");
      assertThat(r.lines("RESULT rotated ")).containsExactly("status=200 version=HTTP_1_1 body=ok");
      assertThat(r.lines("RESULT expired ").get(0)).startsWith("threw ").contains(ReasonCodes.IDENTITY_EXPIRED);
      assertThat(r.lines("RESULT impostor ").get(0)).startsWith("threw ")
          .contains(ReasonCodes.IDENTITY_BAD_SIGNATURE);
      assertThat(r.lines("RESULT foreign ").get(0)).startsWith("threw ")
          .contains(ReasonCodes.IDENTITY_WRONG_TRUST_DOMAIN);
      assertThat(r.lines("RESULT recovered ")).containsExactly("status=200 version=HTTP_1_1 body=ok");
      assertThat(r.stdout()).contains("APP DONE");

      List<DprRecord> dprs = dprs(work);
      assertThat(dprs).extracting(DprRecord::reasonCode).containsExactly(ReasonCodes.RULE_PERMIT, ReasonCodes.RULE_PERMIT, ReasonCodes.IDENTITY_EXPIRED,
          ReasonCodes.IDENTITY_BAD_SIGNATURE, ReasonCodes.IDENTITY_WRONG_TRUST_DOMAIN, ReasonCodes.RULE_PERMIT);
      assertThat(dprs).extracting(DprRecord::effect).containsExactly("PERMIT", "PERMIT", "DENY", "DENY", "DENY",
          "PERMIT");
      DprRecord first = dprs.get(0);
      DprRecord rotated = dprs.get(1);
      assertThat(first.string("agent_svid")).isEqualTo("spiffe://example.org/agents/bot");
      assertThat(first.flag("dev_mode")).isFalse();
      assertThat(first.string("principal_claims_hash")).isNotBlank();
      assertThat(Instant.parse(first.string("agent_svid_expiry"))).isEqualTo(expiries.get(0));
      assertThat(Instant.parse(rotated.string("agent_svid_expiry"))).as("the rotated SVID, without restart")
          .isEqualTo(expiries.get(1)).isNotEqualTo(expiries.get(0));
      assertThat(dprs.get(2).has("agent_svid_expiry")).isFalse();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void aMissingWorkloadApiSocketStartsTheAppAndDeniesEveryAction(Jdks.Jdk jdk) throws Exception {
    Path work = Files.createDirectories(dir.resolve(jdk.feature() + "-nosocket"));
    String policy = """
        identity "workload" {
          type = "spiffe"
          socket = "unix:%s"
          trust_domain = "example.org"
          timeout = "500ms"
        }
        runtime {
          identity = "workload"
          mode = "enforce"
        }
        agent bot {
          default deny
          rules { permit http/* }
        }
        """.formatted(work.resolve("missing.sock"));
    ChildJvm.Result r = scenario(jdk, work, policy, get("one") + get("two")).run();
    assertThat(r.exitCode()).as("%s", r).isZero();
    assertThat(r.stderr()).contains("could not attest agent bot (IDENTITY_PROVIDER_UNAVAILABLE)")
        .doesNotContain("\tat ");
    assertThat(r.lines("RESULT one ").get(0)).startsWith("threw ").contains(ReasonCodes.IDENTITY_PROVIDER_UNAVAILABLE);
    assertThat(r.lines("RESULT two ").get(0)).startsWith("threw ").contains(ReasonCodes.IDENTITY_PROVIDER_UNAVAILABLE);
    assertThat(dprs(work)).extracting(DprRecord::reasonCode).containsExactly(
        ReasonCodes.IDENTITY_PROVIDER_UNAVAILABLE, ReasonCodes.IDENTITY_PROVIDER_UNAVAILABLE);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void anOidcTokenFileIsVerifiedOnEveryRewriteAndEachBadTokenDenies(Jdks.Jdk jdk) throws Exception {
    Path work = Files.createDirectories(dir.resolve(jdk.feature() + "-oidc"));
    try (JwksServer idp = JwksServer.start()) {
      TokenMinter m = idp.minter();
      Path tokenFile = work.resolve("token.jwt");
      List<String> tokens = new ArrayList<>();
      ThrowingWriter write = token -> {
        tokens.add(token);
        Path tmp = work.resolve("token.tmp");
        Files.writeString(tmp, token);
        Files.move(tmp, tokenFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        // the agent looks at the token file at most every 250 ms
        Thread.sleep(400);
      };
      write.write(m.sign(m.claims("agent-7", "faramesh").claim("tenant", "acme").build()));
      String policy = """
          identity "okta" {
            type = "oidc"
            issuer = "%s"
            audience = "faramesh"
            jwks_url = "%s"
            token_file = "token.jwt"
            trust_domain = "corp.example"
          }
          runtime { identity = "okta" }
          agent bot {
            default deny
            rules { permit http/* when principal.tenant == "acme" }
          }
          """.formatted(idp.issuer(), idp.jwksUrl());
      String steps = get("valid") + "pause\texpired\n" + get("expired") + "pause\taudience\n" + get("audience")
          + "pause\tforged\n" + get("forged") + "pause\tunknownkid\n" + get("unknownkid") + "pause\tnone\n"
          + get("none") + "pause\tothertenant\n" + get("othertenant") + "pause\tjwksdown\n" + get("jwksdown");
      Instant past = Instant.now().minusSeconds(3600);
      onPause(work, "expired", () -> write.write(m.sign(m.claims("agent-7", "faramesh").claim("tenant", "acme")
          .issueTime(Date.from(past.minusSeconds(600))).expirationTime(Date.from(past)).build())));
      onPause(work, "audience", () -> write.write(m.sign(m.claims("agent-7", "someone-else")
          .claim("tenant", "acme").build())));
      onPause(work, "forged", () -> write.write(m.signWithForgedKey(m.claims("agent-7", "faramesh")
          .claim("tenant", "acme").build())));
      onPause(work, "unknownkid", () -> write.write(m.signWithUnpublishedKey(m.claims("agent-7", "faramesh")
          .claim("tenant", "acme").build())));
      onPause(work, "none", () -> write.write(m.unsecured(m.claims("agent-7", "faramesh").claim("tenant", "acme")
          .build())));
      onPause(work, "othertenant", () -> write.write(m.sign(m.claims("agent-7", "faramesh")
          .claim("tenant", "globex").build())));
      onPause(work, "jwksdown", () -> {
        // the issuer goes away: a new token signed with a key already fetched still verifies
        idp.refuseConnections();
        write.write(m.sign(m.claims("agent-7", "faramesh").claim("tenant", "acme").build()));
      });
      ChildJvm.Result r = scenario(jdk, work, policy, steps).run();

      assertThat(r.exitCode()).as("%s", r).isZero();
      assertThat(r.stderr()).contains("governing bot as spiffe://corp.example/agent-7");
      assertThat(r.lines("RESULT valid ")).containsExactly("status=200 version=HTTP_1_1 body=ok");
      assertThat(r.lines("RESULT jwksdown ")).containsExactly("status=200 version=HTTP_1_1 body=ok");
      List<DprRecord> dprs = dprs(work);
      assertThat(dprs).extracting(DprRecord::reasonCode).containsExactly(ReasonCodes.RULE_PERMIT,
          ReasonCodes.IDENTITY_EXPIRED, ReasonCodes.IDENTITY_WRONG_AUDIENCE, ReasonCodes.IDENTITY_BAD_SIGNATURE,
          ReasonCodes.IDENTITY_UNKNOWN_KEY, ReasonCodes.IDENTITY_ALG_NOT_ALLOWED, ReasonCodes.UNMATCHED_DENY,
          ReasonCodes.RULE_PERMIT);
      for (String id : List.of("expired", "audience", "forged", "unknownkid", "none", "othertenant")) {
        assertThat(r.lines("RESULT " + id + " ").get(0)).as(id).startsWith("threw ");
      }
      assertThat(dprs.get(0).string("agent_svid")).isEqualTo("agent-7");
      assertThat(dprs.get(0).string("principal_claims_hash")).isNotBlank();
      assertThat(dprs.get(6).string("principal_claims_hash")).as("another claim set, another hash")
          .isNotEqualTo(dprs.get(0).string("principal_claims_hash"));
      String wal = walText(work);
      for (String token : tokens) {
        String signature = token.substring(token.lastIndexOf('.') + 1);
        String payload = token.split("\\.")[1];
        for (String text : List.of(r.stdout(), r.stderr(), wal)) {
          assertThat(text).doesNotContain(payload);
          if (!signature.isEmpty()) {
            assertThat(text).doesNotContain(signature);
          }
        }
      }
      assertThat(wal).doesNotContain("acme").doesNotContain("globex");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void aKubernetesProjectedTokenIsFollowedThroughKubeletRotationAndItsNamespaceIsEnforced(Jdks.Jdk jdk)
      throws Exception {
    Path work = Files.createDirectories(dir.resolve(jdk.feature() + "-k8s"));
    try (KubernetesIssuer k8s = KubernetesIssuer.startHttp()) {
      ServiceAccountTokenFile file = k8s.project(work.resolve("sa"), PodIdentity.of("agents", "planner", "planner-1"),
          Duration.ofHours(1), "faramesh");
      String policy = """
          identity "cluster" {
            type = "k8s-projected"
            issuer = "%s"
            audience = "faramesh"
            token_file = "%s"
            trust_domain = "cluster.example"
            allowed_namespaces = ["agents"]
          }
          runtime { identity = "cluster" }
          agent bot {
            default deny
            rules { permit http/* when principal.id == "spiffe://cluster.example/ns/agents/sa/planner" }
          }
          """.formatted(k8s.issuer(), file.path());
      List<String> tokens = new ArrayList<>();
      tokens.add(file.current());
      String steps = get("first") + "pause\trotate\n" + get("rotated") + "pause\tintruder\n" + get("intruder")
          + "pause\tback\n" + get("back");
      onPause(work, "rotate", () -> {
        tokens.add(file.refresh());
        Thread.sleep(400);
      });
      onPause(work, "intruder", () -> {
        String t = k8s.token(PodIdentity.of("intruders", "planner", "x-1"), Duration.ofHours(1), "faramesh");
        tokens.add(t);
        file.write(t);
        Thread.sleep(400);
      });
      onPause(work, "back", () -> {
        tokens.add(file.refresh());
        Thread.sleep(400);
      });
      ChildJvm.Result r = scenario(jdk, work, policy, steps).run();

      assertThat(r.exitCode()).as("%s", r).isZero();
      assertThat(r.stderr()).contains("governing bot as spiffe://cluster.example/ns/agents/sa/planner");
      List<DprRecord> dprs = dprs(work);
      assertThat(dprs).extracting(DprRecord::reasonCode).containsExactly(ReasonCodes.RULE_PERMIT,
          ReasonCodes.RULE_PERMIT, ReasonCodes.IDENTITY_NOT_ALLOWED, ReasonCodes.RULE_PERMIT);
      assertThat(r.lines("RESULT intruder ").get(0)).startsWith("threw ").contains(ReasonCodes.IDENTITY_NOT_ALLOWED);
      assertThat(dprs.get(1).string("agent_svid_expiry")).as("the kubelet's rotated token, without restart")
          .isNotEqualTo(dprs.get(0).string("agent_svid_expiry"));
      String wal = walText(work);
      for (String token : tokens) {
        for (String text : List.of(r.stdout(), r.stderr(), wal)) {
          assertThat(text).doesNotContain(token.split("\\.")[1]).doesNotContain(token.split("\\.")[2]);
        }
      }
    }
  }

  interface ThrowingWriter {
    void write(String token) throws Exception;
  }
}
