package dev.faramesh.it.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.faramesh.audit.AuditReader;
import dev.faramesh.audit.DprRecord;
import dev.faramesh.identity.delegation.Delegation;
import dev.faramesh.identity.delegation.DelegationKey;
import dev.faramesh.identity.delegation.DelegationToken;
import dev.faramesh.it.support.ChildJvm;
import dev.faramesh.it.support.Jdks;
import dev.faramesh.policy.ReasonCodes;
import dev.faramesh.testkit.spiffe.IssuedX509Svid;
import dev.faramesh.testkit.spiffe.TestTrustDomain;
import dev.faramesh.testkit.spiffe.WorkloadApiServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A supervisor JVM that launches worker JVMs, each under the real faramesh.jar with its own SVID
 * from its own Workload API (the testkit's, one socket per process, one trust domain): launching a
 * worker is a spawn, allowed only by the supervisor's {@code spawn { allow }} (a refused worker is
 * never started); an allowed worker gets a delegation token, verified by the worker's agent against
 * its own trust bundle, so its DPRs carry {@code delegated_from = [supervisor]} next to its own
 * SVID; the token is invisible to the worker application and its children and appears in no output
 * or WAL; a worker started with a tampered, expired, wrong-audience or untrusted token has every
 * action denied with the token's reason code, and nothing reaches the server; one started without a
 * token runs on its own identity and has no delegation to meet a rule that asks for one. Under the
 * dev identity the supervisor's ephemeral-key token carries the chain to a dev worker.
 */
class WorkerProcessIT {

  static final Path JAR = Path.of(System.getProperty("faramesh.jar"));
  static final String APPS = System.getProperty("faramesh.it.apps");
  static final String SUPERVISOR = "spiffe://example.org/agents/supervisor";
  static final String WORKER = "spiffe://example.org/agents/worker-research";
  /** A compact JWS (header and payload are base64url JSON objects): what a leaked token would look like. */
  static final Pattern JWS = Pattern.compile("eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.");

  @TempDir static Path dir;
  static HttpServer target;
  static final Queue<String> received = new ConcurrentLinkedQueue<>();

  static Stream<Jdks.Jdk> jdks() {
    return Jdks.selected().stream();
  }

  @BeforeAll
  static void startTarget() throws Exception {
    target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    target.createContext("/", ex -> {
      received.add(ex.getRequestURI().getPath());
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

  static String base() {
    return "http://127.0.0.1:" + target.getAddress().getPort();
  }

  static void policy(Path work) throws IOException {
    policy(work, WORKER, "");
  }

  static void policy(Path work, String workerId, String trust) throws IOException {
    // no socket: each JVM attests against the Workload API of its SPIFFE_ENDPOINT_SOCKET
    Files.writeString(work.resolve("governance.fms"), trust + """
        identity "workload" {
          type = "spiffe"
          trust_domain = "example.org"
        }
        runtime { identity = "workload" }
        agent "supervisor" {
          default deny
          spawn { allow = ["worker-research"] }
          rules {
            permit http/*
            permit process/exec
          }
        }
        # the worker's calls need its own SVID and a delegation from the supervisor (a worker started
        # around the spawn check, e.g. through a shell, carries none)
        agent "worker-research" {
          default deny
          rules {
            permit http/* when principal.id == "%s" and delegation.origin_agent == "spiffe://example.org/agents/supervisor"
            permit process/exec
          }
        }
        agent "worker-rogue" {
          default deny
          rules {
            permit http/*
            permit process/exec
          }
        }
        """.formatted(workerId));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void aWorkerProcessCarriesItsSupervisorAndAWorkerNotAllowedIsNeverStarted(Jdks.Jdk jdk) throws Exception {
    Path work = Files.createDirectories(dir.resolve(jdk.feature() + "-launch"));
    policy(work);
    TestTrustDomain home = TestTrustDomain.create("example.org");
    String run = UUID.randomUUID().toString().substring(0, 8);
    try (WorkloadApiServer supervisorApi = WorkloadApiServer.start(work.resolve("sup.sock"), home,
        "/agents/supervisor");
        WorkloadApiServer workerApi = WorkloadApiServer.start(work.resolve("work.sock"), home,
            "/agents/worker-research")) {
      ChildJvm.Result r = ChildJvm.on(jdk).agent(JAR, "agent=supervisor").classpath(APPS)
          .env("SPIFFE_ENDPOINT_SOCKET", supervisorApi.address())
          .main("dev.faramesh.it.apps.ProcessWorkerApp", "supervise", base() + "/" + run, JAR.toString(), APPS,
              workerApi.address(), "worker-research", "worker-rogue")
          .directory(work).timeout(Duration.ofMinutes(2)).run();

      assertThat(r.exitCode()).as("%s", r).isZero();
      assertThat(r.lines("RESULT ")).as("%s", r).containsExactly(
          "supervisor-1 status=200",
          // (d) the worker application sees no token, nor do its children
          "worker-research getenv=false",
          "worker-research getenv-map=false",
          "worker-research child-env=false",
          "worker-research-1 status=200",
          "launch worker-research exit=0",
          // (b) refused before it starts
          "launch worker-rogue denied " + ReasonCodes.SPAWN_NOT_ALLOWED);
      assertThat(received).filteredOn(p -> p.startsWith("/" + run + "/"))
          .containsExactly("/" + run + "/supervisor-1", "/" + run + "/worker-research-1");
      assertThat(work.resolve("wal-worker-rogue")).doesNotExist();

      List<DprRecord> supervisor = dprs(work.resolve(".faramesh/wal"));
      assertThat(supervisor).extracting(d -> d.agentId() + " " + d.toolId() + " " + d.reasonCode()).containsExactly(
          "supervisor http/get " + ReasonCodes.RULE_PERMIT,
          "supervisor process/exec " + ReasonCodes.RULE_PERMIT,
          "supervisor agent/spawn " + ReasonCodes.SPAWN_ALLOWED,
          "supervisor process/exec " + ReasonCodes.RULE_PERMIT,
          "supervisor agent/spawn " + ReasonCodes.SPAWN_NOT_ALLOWED);
      assertThat(supervisor.get(2).reason()).contains("worker-research").contains("delegation token passed");
      assertThat(supervisor.get(4).reason()).contains("worker-rogue");
      for (DprRecord d : supervisor) {
        assertThat(d.string("agent_svid")).isEqualTo(SUPERVISOR);
        assertThat(d.has("delegated_from")).isFalse();
      }

      // (a) the worker's own SVID, and its supervisor in delegated_from
      List<DprRecord> worker = dprs(work.resolve("wal-worker-research"));
      assertThat(worker).extracting(d -> d.agentId() + " " + d.toolId() + " " + d.reasonCode()).containsExactly(
          "worker-research process/exec " + ReasonCodes.RULE_PERMIT,
          "worker-research http/get " + ReasonCodes.RULE_PERMIT);
      for (DprRecord d : worker) {
        assertThat(d.string("agent_svid")).isEqualTo(WORKER);
        assertThat(d.get("delegated_from")).isEqualTo(List.of(SUPERVISOR));
        assertThat(d.has("cross_domain_delegation")).isFalse();
      }
      assertNoToken(r, work, null);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void aWorkerWithABrokenTokenHasEveryActionDeniedAndReachesNothing(Jdks.Jdk jdk) throws Exception {
    Path work = Files.createDirectories(dir.resolve(jdk.feature() + "-broken"));
    policy(work);
    TestTrustDomain home = TestTrustDomain.create("example.org");
    IssuedX509Svid supervisor = home.issueX509Svid("/agents/supervisor");
    IssuedX509Svid impostor = TestTrustDomain.create("example.org").issueX509Svid("/agents/supervisor");
    try (WorkloadApiServer workerApi = WorkloadApiServer.start(work.resolve("work.sock"), home,
        "/agents/worker-research")) {
      record Case(String name, IssuedX509Svid signer, String audience, int ageSeconds, String expected) {}
      List<Case> cases = List.of(
          new Case("good", supervisor, "worker-research", 0, null),
          new Case("none", null, "worker-research", 0, ReasonCodes.UNMATCHED_DENY),
          new Case("tampered", supervisor, "worker-research", 0, ReasonCodes.DELEGATION_TOKEN_INVALID),
          new Case("expired", supervisor, "worker-research", 90, ReasonCodes.DELEGATION_TOKEN_EXPIRED),
          new Case("audience", supervisor, "worker-writer", 0, ReasonCodes.DELEGATION_TOKEN_WRONG_AUDIENCE),
          new Case("untrusted", impostor, "worker-research", 0, ReasonCodes.DELEGATION_TOKEN_INVALID));
      for (Case c : cases) {
        String run = c.name() + "-" + UUID.randomUUID().toString().substring(0, 8);
        ChildJvm child = ChildJvm.on(jdk).agent(JAR, "agent=worker-research,wal=wal-" + c.name()).classpath(APPS)
            .env("SPIFFE_ENDPOINT_SOCKET", workerApi.address())
            .main("dev.faramesh.it.apps.ProcessWorkerApp", "work", base() + "/" + run, "worker-research")
            .directory(work).timeout(Duration.ofMinutes(1));
        List<String> command = child.command();
        Instant issued = Instant.now().minusSeconds(c.ageSeconds());
        IssuedX509Svid signer = c.signer() == null ? supervisor : c.signer();
        String token = DelegationToken.sign(DelegationKey.svid(SUPERVISOR, signer.privateKey(),
            signer.chain()), new Delegation(SUPERVISOR, c.audience(), List.of(), "example.org", issued,
            issued.plusSeconds(60), UUID.randomUUID().toString(),
            DelegationToken.commandHash(command.subList(1, command.size())), false));
        if (c.name().equals("tampered")) {
          token = tamper(token);
        }
        ChildJvm.Result r = (c.signer() == null ? child : child.env(DelegationToken.VARIABLE, token)).run();

        assertThat(r.exitCode()).as("%s %s", c.name(), r).isZero();
        if (c.expected() == null) {
          // the control: a token minted the same way, untouched, is accepted
          assertThat(r.lines("RESULT ")).as("%s %s", c.name(), r).containsExactly(
              "worker-research getenv=false", "worker-research getenv-map=false", "worker-research child-env=false",
              "worker-research-1 status=200");
          assertThat(dprs(work.resolve("wal-" + c.name()))).allSatisfy(d ->
              assertThat(d.get("delegated_from")).isEqualTo(List.of(SUPERVISOR)));
        } else if (c.signer() == null) {
          // no token: the worker runs on its own identity, without the supervisor's delegation
          assertThat(r.lines("RESULT ")).as("%s %s", c.name(), r).containsExactly(
              "worker-research getenv=false", "worker-research getenv-map=false", "worker-research child-env=false",
              "worker-research-1 denied " + c.expected());
          assertThat(received).as(c.name()).noneMatch(p -> p.startsWith("/" + run + "/"));
          assertThat(dprs(work.resolve("wal-" + c.name()))).allSatisfy(d -> {
            assertThat(d.string("agent_svid")).isEqualTo(WORKER);
            assertThat(d.has("delegated_from")).isFalse();
          });
        } else {
          assertThat(r.lines("RESULT ")).as("%s %s", c.name(), r).containsExactly(
              "worker-research getenv=false", "worker-research getenv-map=false",
              "worker-research child-env denied " + c.expected(),
              "worker-research-1 denied " + c.expected());
          assertThat(received).as(c.name()).noneMatch(p -> p.startsWith("/" + run + "/"));
          assertThat(r.stderr()).contains("delegation token").contains(c.expected());
          assertThat(dprs(work.resolve("wal-" + c.name()))).extracting(DprRecord::reasonCode)
              .containsExactly(c.expected(), c.expected());
        }
        assertNoToken(r, work.resolve("wal-" + c.name()), token);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void aWorkerProcessInAFederatedTrustDomainIsMarkedCrossDomainOnlyWhenItsBundleVouchesForTheSupervisor(
      Jdks.Jdk jdk) throws Exception {
    Path work = Files.createDirectories(dir.resolve(jdk.feature() + "-federated"));
    String partnerWorker = "spiffe://partner.example/agents/worker-research";
    policy(work, partnerWorker, "trust { spiffe_federated \"spiffe://partner.example\" "
        + "bundle_url = \"http://127.0.0.1:9/bundle\" }\n");
    TestTrustDomain home = TestTrustDomain.create("example.org");
    TestTrustDomain partner = TestTrustDomain.create("partner.example");
    try (WorkloadApiServer supervisorApi = WorkloadApiServer.start(work.resolve("sup.sock"), home,
        "/agents/supervisor");
        WorkloadApiServer partnerApi = WorkloadApiServer.start(work.resolve("partner.sock"), partner,
            "/agents/worker-research")) {
      for (boolean federated : new boolean[] {false, true}) {
        if (federated) {
          partnerApi.federateWith(home);
        }
        String run = (federated ? "fed-" : "unfed-") + UUID.randomUUID().toString().substring(0, 8);
        String wal = "wal-" + (federated ? "fed" : "unfed");
        ChildJvm.Result r = ChildJvm.on(jdk).agent(JAR, "agent=supervisor,wal=" + wal + "-supervisor")
            .classpath(APPS).env("SPIFFE_ENDPOINT_SOCKET", supervisorApi.address())
            .main("dev.faramesh.it.apps.ProcessWorkerApp", "supervise", base() + "/" + run, JAR.toString(), APPS,
                partnerApi.address(), "worker-research")
            .directory(work).timeout(Duration.ofMinutes(2)).run();
        assertThat(r.exitCode()).as("%s", r).isZero();
        List<DprRecord> worker = dprs(work.resolve("wal-worker-research"));
        if (!federated) {
          // the partner's Workload API has no bundle for example.org: the supervisor is not trusted
          assertThat(r.lines("RESULT ")).as("%s", r).contains(
              "worker-research-1 denied " + ReasonCodes.DELEGATION_TOKEN_INVALID, "launch worker-research exit=0");
          assertThat(r.stdout()).contains("not trusted");
          assertThat(received).noneMatch(p -> p.startsWith("/" + run + "/worker"));
          assertThat(worker).extracting(DprRecord::reasonCode).containsOnly(ReasonCodes.DELEGATION_TOKEN_INVALID);
          Files.walk(work.resolve("wal-worker-research")).sorted(java.util.Comparator.reverseOrder())
              .forEach(f -> f.toFile().delete());
        } else {
          assertThat(r.lines("RESULT ")).as("%s", r).contains("worker-research-1 status=200",
              "launch worker-research exit=0");
          assertThat(worker).extracting(d -> d.toolId() + " " + d.reasonCode()).containsExactly(
              "process/exec " + ReasonCodes.RULE_PERMIT, "http/get " + ReasonCodes.RULE_PERMIT);
          for (DprRecord d : worker) {
            assertThat(d.string("agent_svid")).isEqualTo(partnerWorker);
            assertThat(d.get("delegated_from")).isEqualTo(List.of(SUPERVISOR));
            assertThat(d.get("cross_domain_delegation")).isEqualTo(List.of("example.org", "partner.example"));
          }
        }
        assertNoToken(r, work, null);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void underTheDevIdentityADevTokenCarriesTheChain(Jdks.Jdk jdk) throws Exception {
    Path work = Files.createDirectories(dir.resolve(jdk.feature() + "-dev"));
    Files.writeString(work.resolve("governance.fms"), """
        agent "supervisor" {
          default deny
          spawn { allow = ["worker-research"] }
          rules {
            permit http/*
            permit process/exec
          }
        }
        agent "worker-research" {
          default deny
          rules {
            permit http/* when delegation.depth > 0
            permit process/exec
          }
        }
        """);
    String run = "dev-" + UUID.randomUUID().toString().substring(0, 8);
    ChildJvm.Result r = ChildJvm.on(jdk).agent(JAR, "agent=supervisor").classpath(APPS)
        .main("dev.faramesh.it.apps.ProcessWorkerApp", "supervise", base() + "/" + run, JAR.toString(), APPS,
            "unix:" + work.resolve("none.sock"), "worker-research")
        .directory(work).timeout(Duration.ofMinutes(2)).run();
    assertThat(r.exitCode()).as("%s", r).isZero();
    assertThat(r.lines("RESULT ")).as("%s", r).contains("worker-research-1 status=200",
        "launch worker-research exit=0");
    List<DprRecord> supervisor = dprs(work.resolve(".faramesh/wal"));
    assertThat(supervisor.get(2).toolId()).isEqualTo("agent/spawn");
    assertThat(supervisor.get(2).reason()).contains("delegation token passed (dev)");
    String supervisorId = supervisor.get(0).string("agent_svid");
    assertThat(supervisorId).startsWith("spiffe://localhost/dev/").endsWith("/supervisor");
    List<DprRecord> worker = dprs(work.resolve("wal-worker-research"));
    assertThat(worker).hasSize(2).allSatisfy(d -> {
      assertThat(d.get("delegated_from")).isEqualTo(List.of(supervisorId));
      assertThat(d.get("dev_mode")).isEqualTo(true);
    });
    assertNoToken(r, work, null);
  }

  /**
   * {@code delegate { inherits }} across processes: the worker process spends the supervisor's
   * {@code daily} budget in the supervisor's ledger (through the supervisor's budget endpoint) until
   * it is exhausted, after which the supervisor's own call is denied too; with the endpoint's socket
   * gone, the worker's budgeted call is denied {@code BUDGET_ENDPOINT_UNAVAILABLE} (never charged
   * locally, where it would fit). The grant is invisible to the worker application.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void aWorkerProcessSpendsItsSupervisorsInheritedBudgetInTheSupervisorsLedger(Jdks.Jdk jdk) throws Exception {
    Path work = Files.createDirectories(dir.resolve(jdk.feature() + "-budget"));
    Path tmp = Files.createDirectories(work.resolve("tmp"));
    Files.writeString(work.resolve("governance.fms"), """
        identity "workload" {
          type = "spiffe"
          trust_domain = "example.org"
        }
        runtime { identity = "workload" }
        agent "supervisor" {
          default deny
          spawn { allow = ["worker-research"] }
          delegate { to = ["worker-research"] inherits = ["budget.daily"] }
          budget daily {
            daily $100
            cost $30
            tools = ["http/*"]
          }
          rules {
            permit http/*
            permit process/exec
          }
        }
        agent "worker-research" {
          default deny
          rules {
            permit http/* when delegation.origin_agent == "spiffe://example.org/agents/supervisor"
            permit process/exec
          }
        }
        """);
    TestTrustDomain home = TestTrustDomain.create("example.org");
    String run = "budget-" + UUID.randomUUID().toString().substring(0, 8);
    try (WorkloadApiServer supervisorApi = WorkloadApiServer.start(work.resolve("sup.sock"), home,
        "/agents/supervisor");
        WorkloadApiServer workerApi = WorkloadApiServer.start(work.resolve("work.sock"), home,
            "/agents/worker-research")) {
      ChildJvm.Result r = ChildJvm.on(jdk).agent(JAR, "agent=supervisor").classpath(APPS)
          .property("java.io.tmpdir", tmp.toString())
          .env("SPIFFE_ENDPOINT_SOCKET", supervisorApi.address())
          .main("dev.faramesh.it.apps.ProcessWorkerApp", "budget", base() + "/" + run, JAR.toString(), APPS,
              workerApi.address())
          .directory(work).timeout(Duration.ofMinutes(2)).run();

      assertThat(r.exitCode()).as("%s", r).isZero();
      // $100 a day at $30 a call: supervisor-1 (30), the worker's first two calls (60, 90), then none
      assertThat(r.lines("RESULT ")).as("%s", r).containsExactly(
          "supervisor-1 status=200",
          "worker-research budget-env=false/false",
          "worker-research-1 status=200",
          "worker-research-2 status=200",
          "worker-research-3 denied " + ReasonCodes.BUDGET_DAILY_EXCEEDED,
          "launch worker-research exit=0",
          // the worker's spending is in the supervisor's own ledger
          "supervisor-2 denied " + ReasonCodes.BUDGET_DAILY_EXCEEDED,
          "endpoint sockets removed=1",
          "worker-research-late budget-env=false/false",
          // a fresh local ledger would let $30 through: the worker fails closed instead
          "worker-research-late-1 denied " + ReasonCodes.BUDGET_ENDPOINT_UNAVAILABLE,
          "launch worker-research exit=0");
      assertThat(received).filteredOn(p -> p.startsWith("/" + run + "/")).containsExactly(
          "/" + run + "/supervisor-1", "/" + run + "/worker-research-1", "/" + run + "/worker-research-2");

      List<DprRecord> supervisor = dprs(work.resolve(".faramesh/wal"));
      assertThat(supervisor).extracting(d -> d.toolId() + " " + d.reasonCode()).containsExactly(
          "http/get " + ReasonCodes.RULE_PERMIT,
          "process/exec " + ReasonCodes.RULE_PERMIT,
          "agent/spawn " + ReasonCodes.SPAWN_ALLOWED,
          "http/get " + ReasonCodes.BUDGET_DAILY_EXCEEDED,
          "process/exec " + ReasonCodes.RULE_PERMIT,
          "agent/spawn " + ReasonCodes.SPAWN_ALLOWED);
      assertThat(supervisor.get(2).reason()).contains("delegation token passed")
          .contains("inherited budgets [daily] served to it");

      List<DprRecord> worker = dprs(work.resolve("wal-worker-research"));
      assertThat(worker).extracting(d -> d.toolId() + " " + d.reasonCode()).containsExactly(
          "http/get " + ReasonCodes.RULE_PERMIT,
          "http/get " + ReasonCodes.RULE_PERMIT,
          "http/get " + ReasonCodes.BUDGET_DAILY_EXCEEDED,
          "http/get " + ReasonCodes.BUDGET_ENDPOINT_UNAVAILABLE);
      assertThat(worker.get(2).reason()).contains("budget exceeded: budget daily")
          .contains("inherited from the supervisor supervisor").contains("$10.0 left");
      assertThat(worker.get(3).reason()).contains("budget endpoint of the supervisor supervisor cannot be reached");
      for (DprRecord d : worker) {
        assertThat(d.string("agent_svid")).isEqualTo(WORKER);
        assertThat(d.get("delegated_from")).isEqualTo(List.of(SUPERVISOR));
      }
      assertNoToken(r, work, null);
      // no budget secret (43 base64url characters) in any output or WAL
      List<String> texts = new ArrayList<>(List.of(r.stdout(), r.stderr()));
      try (Stream<Path> files = Files.walk(work)) {
        for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.toString().endsWith(".fms")).toList()) {
          texts.add(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
        }
      }
      assertThat(texts).noneMatch(t -> t.contains("FARAMESH_BUDGET_SECRET="));
    }
  }

  /** A payload claim changed after signing: the audience is respelled, the signature kept. */
  private static String tamper(String token) {
    String[] parts = token.split("\\.");
    java.util.Base64.Decoder dec = java.util.Base64.getUrlDecoder();
    String payload = new String(dec.decode(parts[1]), StandardCharsets.UTF_8).replace("\"iss\":\"spiffe://",
        "\"iss\":\"spiffe://x");
    return parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
        payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
  }

  private static List<DprRecord> dprs(Path wal) throws IOException {
    List<DprRecord> out = new ArrayList<>();
    AuditReader.forEach(wal, e -> out.add(e.record()));
    return out;
  }

  /** No token in stdout, stderr or any WAL file under {@code dir}: neither {@code token} nor anything like one. */
  private static void assertNoToken(ChildJvm.Result r, Path dir, String token) throws IOException {
    List<String> texts = new ArrayList<>(List.of(r.stdout(), r.stderr()));
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.toString().endsWith(".fms")).toList()) {
        texts.add(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
      }
    }
    for (String t : texts) {
      assertThat(JWS.matcher(t).find()).as("a JWS in output or WAL").isFalse();
      if (token != null) {
        assertThat(t).doesNotContain(token.substring(token.lastIndexOf('.') + 1));
      }
    }
  }
}
