package dev.faramesh.it.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faramesh.audit.DprRecord;
import dev.faramesh.it.support.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code faramesh run} with a Python script (stdlib urllib), a Node script (stdlib https) and a
 * shell script calling curl: each child reads its key variable and sees a placeholder, calls the
 * permitted HTTPS host through the run's proxy and CA (the server receives the real key), calls an
 * unscoped host (which receives the placeholder only) and makes a denied call (a 403 that says why).
 * While the child waits on its stdin (passed through by the launcher), the test reads
 * {@code /proc/<child>/environ}; the child also prints a grandchild's {@code env}. Every proxied
 * request is one decision and one DPR in the launcher's WAL, which {@code faramesh audit verify}
 * accepts; the run directory is gone afterwards and the child's exit code is the launcher's.
 */
class NonJvmChildrenIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  private RunWorld world;

  @BeforeEach
  void servers() throws Exception {
    world = RunWorld.get();
    world.allowed.clear();
    world.evil.clear();
  }

  @Test
  void pythonUrllib() throws Exception {
    Path work = world.work("python");
    Path script = RunWorld.script(work, "client.py");
    String[] cmd = {"python3", script.toString(), port(world.allowed.tlsPort()), port(world.evil.tlsPort()),
        port(world.allowed.plainPort()), "7"};
    Launched run = check(work, cmd, 7);
    // plain HTTP goes through the proxy too (absolute-form request), decided and recorded like HTTPS
    assertThat(run.line("PLAIN")).startsWith("200 ok allowed");
    List<RecordedRequest> plain = world.allowed.requests("/v1/plain");
    assertThat(plain).hasSize(1);
    assertThat(plain.get(0).header("authorization").equals("Bearer " + world.openai())).as("real key").isTrue();
    assertThat(decisions(work)).hasSize(4);
    // the two requests to the credential's host carried it; the unscoped and the denied one did not
    assertThat(decisions(work)).filteredOn(DprRecord::credentialBrokered).hasSize(2);
  }

  @Test
  void nodeHttps() throws Exception {
    Path work = world.work("node");
    Path script = RunWorld.script(work, "client.js");
    Launched run = check(work, new String[] {"node", script.toString(), port(world.allowed.tlsPort()),
        port(world.evil.tlsPort()), "0"}, 0);
    assertThat(decisions(work)).as(run.toString()).hasSize(3);
    assertThat(decisions(work)).filteredOn(DprRecord::credentialBrokered).hasSize(1);
  }

  @Test
  void shellAndCurlUnderFarameshDev() throws Exception {
    Path work = world.work("curl");
    Path script = RunWorld.script(work, "client.sh");
    // faramesh dev: the same run as the dev identity
    Launched run = check("dev", work, new String[] {"sh", script.toString(), port(world.allowed.tlsPort()),
        port(world.evil.tlsPort()), "5"}, 5);
    assertThat(decisions(work)).as(run.toString()).hasSize(3);
    assertThat(decisions(work)).filteredOn(DprRecord::credentialBrokered).hasSize(1);
  }

  private static String port(int p) {
    return Integer.toString(p);
  }

  private static List<DprRecord> decisions(Path work) throws Exception {
    return RunWorld.records(work.resolve("wal"));
  }

  /** Runs one child through its script and checks everything the three children have in common. */
  private Launched check(Path work, String[] command, int exitCode) throws Exception {
    return check("run", work, command, exitCode);
  }

  private Launched check(String subcommand, Path work, String[] command, int exitCode) throws Exception {
    List<String> args = new ArrayList<>(List.of(subcommand, "--policy", "governance.fms", "--wal", "wal", "--"));
    args.addAll(Arrays.asList(command));
    String raw = world.openai();
    try (Launched run = Launched.start(world, world.faramesh(work, args))) {
      long pid = Long.parseLong(run.await("PID", TIMEOUT).trim());
      run.await("GITHUB", TIMEOUT); // the child's last line before it reads its stdin
      assertThat(pid).as("the script is the launcher's own child").isEqualTo(run.child().pid());

      // the child's environment as the kernel keeps it, read while the child waits on its stdin
      byte[] environ = Files.readAllBytes(Path.of("/proc/" + pid + "/environ"));
      String env = new String(environ, StandardCharsets.UTF_8);
      world.assertNoRawValue("/proc/" + pid + "/environ", env);
      List<String> vars = Arrays.asList(env.split("\0"));
      String placeholder = run.line("KEY");
      assertThat(placeholder).startsWith("sk-proj-").hasSameSizeAs(raw).isNotEqualTo(raw);
      assertThat(vars).contains("OPENAI_API_KEY=" + placeholder)
          .anyMatch(v -> v.startsWith("HTTPS_PROXY=http://127.0.0.1:"))
          .anyMatch(v -> v.startsWith("SSL_CERT_FILE=")).anyMatch(v -> v.startsWith("REQUESTS_CA_BUNDLE="))
          .anyMatch(v -> v.startsWith("CURL_CA_BUNDLE=")).anyMatch(v -> v.startsWith("NODE_EXTRA_CA_CERTS="))
          .noneMatch(v -> v.startsWith("GITHUB_TOKEN=") || v.startsWith("AWS_SECRET_ACCESS_KEY="));
      assertThat(run.line("GITHUB")).isEqualTo("<unset>");
      // the launcher's own environ is readable by its child (same user): its copy is cleared too
      long launcherPid = run.process().pid();
      String launcherEnv = new String(Files.readAllBytes(Path.of("/proc/" + launcherPid + "/environ")),
          StandardCharsets.UTF_8);
      world.assertNoRawValue("/proc/" + launcherPid + "/environ (the launcher's)", launcherEnv);
      assertThat(Arrays.asList(launcherEnv.split("\0"))).anyMatch(v -> v.startsWith("OPENAI_API_KEY=*"))
          .anyMatch(v -> v.startsWith("GITHUB_TOKEN=*"));
      assertThat(RunWorld.leftovers(work)).as("the run directory exists while the child runs").hasSize(1);

      run.send("go");
      int status = run.exit(TIMEOUT);
      assertThat(status).as(run.toString()).isEqualTo(exitCode);
      assertThat(run.line("STDIN")).isEqualTo("go");

      world.assertNoRawValue("the child's output", run.stdout());
      world.assertNoRawValue("the launcher's stderr", run.stderr());
      // no library chatter: the SDKs' slf4j 1.7 API has its no-op binding inside the jar
      assertThat(run.stderr()).as(run.toString()).doesNotContain("SLF4J");
      List<String> grandchild = run.lines("GRANDENV");
      assertThat(grandchild).as(run.toString()).contains("OPENAI_API_KEY=" + placeholder)
          .noneMatch(v -> v.startsWith("GITHUB_TOKEN=") || v.startsWith("AWS_SECRET_ACCESS_KEY="));
      world.assertNoRawValue("the grandchild's env", String.join("\n", grandchild));

      // the permitted, in-scope host receives the real key, in the header and in the query
      assertThat(run.line("ALLOWED")).as(run.toString()).contains("200").contains("ok allowed");
      List<RecordedRequest> got = world.allowed.requests("/v1/models");
      assertThat(got).hasSize(1);
      assertThat(got.get(0).secure()).isTrue();
      assertThat(got.get(0).header("authorization").equals("Bearer " + raw)).as("real key in the header").isTrue();
      assertThat(got.get(0).pathQuery().equals("/v1/models?key=" + raw)).as("real key in the query").isTrue();
      // the unscoped host is permitted but receives only the placeholder
      assertThat(run.line("EVIL")).contains("200").contains("ok evil");
      List<RecordedRequest> stolen = world.evil.requests("/steal");
      assertThat(stolen).hasSize(1);
      world.assertNoRawValue("what the unscoped host received", stolen.get(0).everything());
      assertThat(stolen.get(0).header("authorization")).isEqualTo("Bearer " + placeholder);
      // the denied call never leaves and the child is told why
      assertThat(run.line("DENIED")).contains("403").contains("forbidden path");
      assertThat(world.allowed.requests("/forbidden")).isEmpty();

      // one DPR per proxied request, in the launcher's WAL, durable and verifiable
      List<DprRecord> records = decisions(work);
      assertThat(records).allSatisfy(r -> {
        assertThat(r.agentId()).isEqualTo("run-bot");
        assertThat(r.interceptAdapter()).isEqualTo("faramesh-run/proxy");
        assertThat(r.toolId()).isEqualTo("http/get");
        assertThat(r.devMode()).as("no identity block: the dev identity, tagged").isTrue();
      });
      assertThat(records).filteredOn(r -> "DENY".equals(r.effect())).singleElement()
          .satisfies(r -> assertThat(r.reason()).isEqualTo("forbidden path"));
      assertThat(records).filteredOn(DprRecord::credentialBrokered).isNotEmpty()
          .allSatisfy(r -> assertThat(r.credentialScope()).isEqualTo("openai"));
      world.assertNoRawValue("the WAL", RunWorld.contents(work.resolve("wal")));
      RunWorld.Verified verified = world.verify(work.resolve("wal"));
      assertThat(verified.code()).as(verified.out()).isZero();
      assertThat(verified.out()).contains("Chain integrity verified. " + records.size() + " records, 0 violations.");

      // the broker, the proxy and the run directory went with the child
      assertThat(RunWorld.leftovers(work)).isEmpty();
      assertThat(run.stderr()).contains("faramesh: running").contains("placeholders in [OPENAI_API_KEY]");
      return run;
    }
  }

}
