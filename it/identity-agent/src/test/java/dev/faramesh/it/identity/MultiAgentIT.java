package dev.faramesh.it.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.faramesh.audit.AuditReader;
import dev.faramesh.audit.DprRecord;
import dev.faramesh.it.support.ChildJvm;
import dev.faramesh.it.support.Jdks;
import dev.faramesh.policy.ReasonCodes;
import dev.faramesh.testkit.spiffe.TestTrustDomain;
import dev.faramesh.testkit.spiffe.WorkloadApiServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A supervisor and its workers in one process under the real faramesh.jar, through
 * {@code Faramesh.agent(...)}: each worker is attested on its own (its own SVID from the Workload
 * API, picked by {@code agent_path}), spawning obeys {@code spawn { allow }}, a worker spends the
 * supervisor's delegated budget, and the worker's DPRs name its identity and the supervisor's in
 * {@code delegated_from}. A worker attested in a federated trust domain is marked
 * {@code cross_domain_delegation} in its DPRs and the spawn's; a worker attested as its supervisor's
 * identity is refused; and a worker's call is decided on its own current attestation, so once the
 * Workload API stops issuing its SVID its calls are denied until a fresh one attests it.
 */
class MultiAgentIT {

  static final Path JAR = Path.of(System.getProperty("faramesh.jar"));
  static final String APPS = System.getProperty("faramesh.it.apps");

  @TempDir static Path dir;
  static HttpServer target;

  static Stream<Jdks.Jdk> jdks() {
    return Jdks.selected().stream();
  }

  @BeforeAll
  static void startTarget() throws Exception {
    target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    target.createContext("/", ex -> {
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

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void workersAreAttestedOnTheirOwnSpawnedOnlyWhenAllowedAndSpendTheDelegatedBudget(Jdks.Jdk jdk) throws Exception {
    Path work = Files.createDirectories(dir.resolve(jdk.feature() + "-multi"));
    TestTrustDomain home = TestTrustDomain.create("example.org");
    try (WorkloadApiServer api = WorkloadApiServer.start(work.resolve("agent.sock"), home, "/agents/supervisor")) {
      api.addX509Svid("/agents/worker-research");
      Files.writeString(work.resolve("governance.fms"), """
          identity "workload" {
            type = "spiffe"
            socket = "%s"
            trust_domain = "example.org"
            agent_path = "/agents/{agent}"
          }
          runtime { identity = "workload" }
          agent "supervisor" {
            default deny
            spawn { allow = ["worker-research", "worker-writer"] }
            delegate { to = ["worker-research"] inherits = ["budget.calls"] }
            budget calls { max_calls 3 }
            rules { permit http/* }
          }
          agent "worker-research" {
            default deny
            rules { permit http/* when principal.id == "spiffe://example.org/agents/worker-research" }
          }
          agent "worker-writer" {
            default deny
            rules { permit http/* }
          }
          agent "worker-rogue" {
            default deny
            rules { permit http/* }
          }
          """.formatted(api.address()));
      ChildJvm.Result r = ChildJvm.on(jdk).agent(JAR, "agent=supervisor").classpath(APPS)
          .main("dev.faramesh.it.apps.MultiAgentApp", "http://127.0.0.1:" + target.getAddress().getPort(), "3")
          .directory(work).timeout(Duration.ofMinutes(2)).run();

      assertThat(r.exitCode()).as("%s", r).isZero();
      assertThat(r.lines("RESULT ")).containsExactly(
          "supervisor-1 status=200",
          "spawn worker-research ok worker-research",
          "research-1 status=200",
          "research-2 status=200",
          "research-3 denied " + ReasonCodes.SESSION_TOOL_LIMIT,
          "spawn worker-rogue denied " + ReasonCodes.SPAWN_NOT_ALLOWED,
          "spawn worker-writer denied " + ReasonCodes.IDENTITY_AGENT_MISMATCH,
          "supervisor-2 denied " + ReasonCodes.SESSION_TOOL_LIMIT);

      List<DprRecord> dprs = new ArrayList<>();
      AuditReader.forEach(work.resolve(".faramesh/wal"), e -> dprs.add(e.record()));
      assertThat(dprs).extracting(d -> d.agentId() + " " + d.toolId() + " " + d.reasonCode()).containsExactly(
          "supervisor http/get " + ReasonCodes.RULE_PERMIT,
          "worker-research agent/spawn " + ReasonCodes.SPAWN_ALLOWED,
          "worker-research http/get " + ReasonCodes.RULE_PERMIT,
          "worker-research http/get " + ReasonCodes.RULE_PERMIT,
          "worker-research http/get " + ReasonCodes.SESSION_TOOL_LIMIT,
          "supervisor agent/spawn " + ReasonCodes.SPAWN_NOT_ALLOWED,
          "worker-writer agent/spawn " + ReasonCodes.IDENTITY_AGENT_MISMATCH,
          "supervisor http/get " + ReasonCodes.SESSION_TOOL_LIMIT);
      String supervisor = "spiffe://example.org/agents/supervisor";
      DprRecord research = dprs.get(2);
      assertThat(research.string("agent_svid")).isEqualTo("spiffe://example.org/agents/worker-research");
      assertThat(research.get("delegated_from")).isEqualTo(List.of(supervisor));
      assertThat(dprs.get(0).string("agent_svid")).isEqualTo(supervisor);
      assertThat(dprs.get(0).has("delegated_from")).isFalse();
      assertThat(dprs.get(6).get("delegated_from")).isEqualTo(List.of(supervisor));
      assertThat(dprs.get(0).principalIdHash()).isNotEqualTo(research.principalIdHash());
    }
  }

  private static Thread onPause(Path work, String name, Pauses.ThrowingRunnable action) {
    return Pauses.onPause(work, name, 500, action);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void aFederatedWorkerIsMarkedCrossDomainATwinIsRefusedAndAWorkerWithoutAFreshAttestationIsDenied(Jdks.Jdk jdk)
      throws Exception {
    Path work = Files.createDirectories(dir.resolve(jdk.feature() + "-xdom"));
    TestTrustDomain home = TestTrustDomain.create("example.org");
    TestTrustDomain partner = TestTrustDomain.create("partner.example");
    String supervisor = "spiffe://example.org/agents/supervisor";
    String partnerWorker = "spiffe://partner.example/agents/worker-partner";
    String research = "spiffe://example.org/agents/worker-research";
    try (WorkloadApiServer api = WorkloadApiServer.start(work.resolve("agent.sock"), home, "/agents/supervisor");
        WorkloadApiServer partnerApi = WorkloadApiServer.start(work.resolve("partner.sock"), partner,
            "/agents/worker-partner")) {
      api.addX509Svid("/agents/worker-research");
      Files.writeString(work.resolve("governance.fms"), """
          trust { spiffe_federated "spiffe://partner.example" bundle_url = "http://127.0.0.1:9/bundle" }
          identity "workload" {
            type = "spiffe"
            socket = "%s"
            trust_domain = "example.org"
            agent_path = "/agents/{agent}"
          }
          # the partner's Workload API: its SVIDs are accepted because trust { } federates partner.example
          identity "partner" {
            type = "spiffe"
            socket = "%s"
            trust_domain = "example.org"
          }
          # no agent_path: the workload's default SVID, which is the supervisor's
          identity "shared" {
            type = "spiffe"
            socket = "%s"
            trust_domain = "example.org"
          }
          runtime { identity = "workload" }
          agent "supervisor" {
            default deny
            spawn { allow = ["worker-partner", "worker-twin", "worker-research"] }
            rules { permit http/* }
          }
          agent "worker-partner" {
            identity = "partner"
            default deny
            rules { permit http/* when principal.id == "%s" }
          }
          agent "worker-twin" {
            identity = "shared"
            default deny
            rules { permit http/* }
          }
          agent "worker-research" {
            default deny
            rules { permit http/* }
          }
          """.formatted(api.address(), partnerApi.address(), api.address(), partnerWorker));
      onPause(work, "withdraw", () -> api.removeX509Svid(research));
      onPause(work, "reissue", () -> api.addX509Svid("/agents/worker-research"));
      ChildJvm.Result r = ChildJvm.on(jdk).agent(JAR, "agent=supervisor").classpath(APPS)
          .main("dev.faramesh.it.apps.DelegationApp", "http://127.0.0.1:" + target.getAddress().getPort(),
              "get:supervisor-1", "spawn:worker-partner", "worker-partner:partner-1", "spawn:worker-twin",
              "spawn:worker-research", "worker-research:research-1", "pause:withdraw",
              "worker-research:research-2", "get:supervisor-2", "worker-partner:partner-2", "pause:reissue",
              "worker-research:research-3")
          .directory(work).timeout(Duration.ofMinutes(2)).run();

      assertThat(r.exitCode()).as("%s", r).isZero();
      assertThat(r.lines("RESULT ")).as("%s", r).containsExactly(
          "supervisor-1 status=200",
          "spawn worker-partner ok worker-partner",
          "partner-1 status=200",
          "spawn worker-twin denied " + ReasonCodes.IDENTITY_NOT_DISTINCT,
          "spawn worker-research ok worker-research",
          "research-1 status=200",
          // the Workload API no longer issues the worker's SVID: its call is not decided as anyone else
          "research-2 denied " + ReasonCodes.IDENTITY_AGENT_MISMATCH,
          "supervisor-2 status=200",
          "partner-2 status=200",
          // a fresh SVID attests it again
          "research-3 status=200");

      List<DprRecord> dprs = new ArrayList<>();
      AuditReader.forEach(work.resolve(".faramesh/wal"), e -> dprs.add(e.record()));
      assertThat(dprs).extracting(d -> d.agentId() + " " + d.toolId() + " " + d.reasonCode()).containsExactly(
          "supervisor http/get " + ReasonCodes.RULE_PERMIT,
          "worker-partner agent/spawn " + ReasonCodes.SPAWN_ALLOWED,
          "worker-partner http/get " + ReasonCodes.RULE_PERMIT,
          "worker-twin agent/spawn " + ReasonCodes.IDENTITY_NOT_DISTINCT,
          "worker-research agent/spawn " + ReasonCodes.SPAWN_ALLOWED,
          "worker-research http/get " + ReasonCodes.RULE_PERMIT,
          "worker-research http/get " + ReasonCodes.IDENTITY_AGENT_MISMATCH,
          "supervisor http/get " + ReasonCodes.RULE_PERMIT,
          "worker-partner http/get " + ReasonCodes.RULE_PERMIT,
          "worker-research http/get " + ReasonCodes.RULE_PERMIT);
      List<String> crossing = List.of("example.org", "partner.example");
      Map<String, List<String>> byRecord = new java.util.LinkedHashMap<>();
      for (int i = 0; i < dprs.size(); i++) {
        byRecord.put(i + " " + dprs.get(i).agentId(), dprs.get(i).crossDomainDelegation());
      }
      // the federated worker's spawn and calls carry the crossing, hashed with the rest of the record
      for (int i : new int[] {1, 2, 8}) {
        DprRecord d = dprs.get(i);
        assertThat(d.get("cross_domain_delegation")).as("record %d", i).isEqualTo(crossing);
        assertThat(d.string("agent_svid")).isEqualTo(partnerWorker);
        assertThat(d.get("delegated_from")).isEqualTo(List.of(supervisor));
      }
      assertThat(dprs.get(1).reason()).contains("cross-domain delegation example.org -> partner.example");
      // workers in the supervisor's domain, the supervisor itself and the refused twin carry none
      for (int i : new int[] {0, 3, 4, 5, 6, 7, 9}) {
        assertThat(dprs.get(i).has("cross_domain_delegation")).as("record %d: %s", i, byRecord).isFalse();
      }
      assertThat(dprs.get(5).string("agent_svid")).isEqualTo(research);
      assertThat(dprs.get(5).get("delegated_from")).isEqualTo(List.of(supervisor));
      assertThat(dprs.get(3).get("delegated_from")).isEqualTo(List.of(supervisor));
      assertThat(dprs.get(3).reason()).contains(supervisor);
      assertThat(dprs.get(6).effect()).isEqualTo("DENY");
      assertThat(dprs.get(6).string("agent_svid")).isNotEqualTo(supervisor);
      assertThat(dprs.get(6).principalIdHash()).isNotEqualTo(dprs.get(0).principalIdHash());
      assertThat(Stream.of(0, 2, 5).map(i -> dprs.get(i).principalIdHash()).collect(Collectors.toSet())).hasSize(3);

      ChildJvm.Result verify = ChildJvm.on(jdk).jar(JAR, "audit", "verify", work.resolve(".faramesh/wal").toString())
          .directory(work).run();
      assertThat(verify.exitCode()).as("%s", verify).isZero();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void aWorkersWorkOnOtherThreadsIsDecidedAsTheWorkerAndPooledThreadsForgetIt(Jdks.Jdk jdk) throws Exception {
    Path work = Files.createDirectories(dir.resolve(jdk.feature() + "-handoff"));
    TestTrustDomain home = TestTrustDomain.create("example.org");
    List<String> received = java.util.Collections.synchronizedList(new ArrayList<>());
    HttpServer redirects = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    redirects.createContext("/", ex -> {
      String path = ex.getRequestURI().getPath();
      received.add(path);
      if (path.equals("/research-slow")) {
        try {
          Thread.sleep(300); // the worker's thenApply is registered long before the response
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (path.startsWith("/hop-")) {
        ex.getResponseHeaders().add("Location", path.equals("/hop-admin") ? "/admin-landed" : "/research-landed");
        ex.sendResponseHeaders(302, -1);
      } else {
        byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(200, body.length);
        ex.getResponseBody().write(body);
      }
      ex.close();
    });
    redirects.start();
    String supervisor = "spiffe://example.org/agents/supervisor";
    String research = "spiffe://example.org/agents/worker-research";
    try (WorkloadApiServer api = WorkloadApiServer.start(work.resolve("agent.sock"), home, "/agents/supervisor")) {
      api.addX509Svid("/agents/worker-research");
      Files.writeString(work.resolve("governance.fms"), """
          identity "workload" {
            type = "spiffe"
            socket = "%s"
            trust_domain = "example.org"
            agent_path = "/agents/{agent}"
          }
          runtime { identity = "workload" }
          agent "supervisor" {
            default deny
            spawn { allow = ["worker-research"] }
            rules { permit http/* }
          }
          # the supervisor may call anything; its worker only /research-* (and the /hop-* redirectors)
          agent "worker-research" {
            default deny
            rules {
              permit http/get path "/research-*" when principal.id == "%s"
              permit http/get path "/hop-*"
            }
          }
          """.formatted(api.address(), research));
      ChildJvm.Result r = ChildJvm.on(jdk).agent(JAR, "agent=supervisor").classpath(APPS)
          .main("dev.faramesh.it.apps.HandoffApp", "http://127.0.0.1:" + redirects.getAddress().getPort())
          .directory(work).timeout(Duration.ofMinutes(2)).run();

      assertThat(r.exitCode()).as("%s", r).isZero();
      String denied = "denied " + ReasonCodes.UNMATCHED_DENY;
      boolean virtual = jdk.feature() >= 21;
      List<String> expected = new ArrayList<>(List.of(
          "research-pool status=200",
          // the supervisor may, its worker may not: the pool thread acts for the worker
          "admin-pool " + denied,
          "research-execute status=200",
          "research-invokeall status=200",
          "research-scheduled status=200",
          "research-fjp status=200",
          "research-cf status=200",
          "research-cfexec status=200",
          "research-thread status=200",
          "research-invokeany status=200",
          // created by the supervisor, run on the worker's thread: the supervisor's
          "admin-inline status=200"));
      if (virtual) {
        expected.add("research-virtual status=200");
      }
      expected.addAll(List.of(
          "research-redirect status=200 /research-landed",
          // the redirect hop runs on the client's threads and is still the worker's
          "admin-redirect " + denied,
          // thenApply on the worker's call, run by the client's thread when the response came
          "admin-chained " + denied,
          // the same pool thread, now running the supervisor's task
          "admin-after-pool status=200",
          // registered by the worker, completed by the supervisor: the worker's
          "research-cfthen status=200",
          "admin-after-thread status=200",
          "admin-after-fjp status=200"));
      assertThat(r.lines("RESULT ")).as("%s", r).containsExactlyElementsOf(expected);
      assertThat(received).doesNotContain("/admin-pool", "/admin-landed", "/admin-chained");

      List<DprRecord> dprs = new ArrayList<>();
      AuditReader.forEach(work.resolve(".faramesh/wal"), e -> dprs.add(e.record()));
      String permit = " http/get " + ReasonCodes.RULE_PERMIT;
      List<String> expectedDprs = new ArrayList<>(List.of(
              "worker-research agent/spawn " + ReasonCodes.SPAWN_ALLOWED,
              "worker-research" + permit,                                   // research-pool
              "worker-research http/get " + ReasonCodes.UNMATCHED_DENY,     // admin-pool
              "worker-research" + permit,                                   // research-execute
              "worker-research" + permit,                                   // research-invokeall
              "worker-research" + permit,                                   // research-scheduled
              "worker-research" + permit,                                   // research-fjp
              "worker-research" + permit,                                   // research-cf
              "worker-research" + permit,                                   // research-cfexec
              "worker-research" + permit,                                   // research-thread
              "worker-research" + permit,                                   // research-invokeany
              "supervisor" + permit));                                      // admin-inline
      if (virtual) {
        expectedDprs.add("worker-research" + permit);                         // research-virtual
      }
      expectedDprs.addAll(List.of(
              "worker-research" + permit,                                   // hop-research
              "worker-research" + permit,                                   // its redirect
              "worker-research" + permit,                                   // hop-admin
              "worker-research http/get " + ReasonCodes.UNMATCHED_DENY,     // its redirect
              "worker-research" + permit,                                   // research-slow
              "worker-research http/get " + ReasonCodes.UNMATCHED_DENY,     // admin-chained
              "supervisor" + permit,                                        // admin-after-pool
              "worker-research" + permit,                                   // research-cfthen
              "supervisor" + permit,                                        // admin-after-thread
              "supervisor" + permit));                                      // admin-after-fjp
      assertThat(dprs).extracting(d -> d.agentId() + " " + d.toolId() + " " + d.reasonCode()).as("%s", r)
          .containsExactlyElementsOf(expectedDprs);
      for (int i = 1; i < dprs.size(); i++) {
        DprRecord d = dprs.get(i);
        boolean worker = d.agentId().equals("worker-research");
        assertThat(d.string("agent_svid")).as("record %d", i).isEqualTo(worker ? research : supervisor);
        if (worker) {
          assertThat(d.get("delegated_from")).as("record %d", i).isEqualTo(List.of(supervisor));
        } else {
          assertThat(d.has("delegated_from")).as("record %d", i).isFalse();
        }
      }
    } finally {
      redirects.stop(0);
    }
  }
}
