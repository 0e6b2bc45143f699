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
 * {@code delegated_from}.
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
}
