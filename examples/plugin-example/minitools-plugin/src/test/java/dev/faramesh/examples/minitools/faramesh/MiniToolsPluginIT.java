package dev.faramesh.examples.minitools.faramesh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faramesh.audit.AuditReader;
import dev.faramesh.audit.DprRecord;
import dev.faramesh.it.support.ChildJvm;
import dev.faramesh.it.support.Jdks;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The demo app of minitools, unmodified, under the real faramesh.jar with the plugin jar in the
 * configured plugin directory ({@code plugins=DIR}): allowed calls run, refused ones never do and
 * fail with minitools' own exception carrying the policy's reason, each call is decided once.
 * Without the plugin directory the same calls run undecided; a plugin directory that does not
 * exist stops the JVM before main.
 */
class MiniToolsPluginIT {

  static final String POLICY = """
      agent ops-bot {
        default deny
        rules {
          deny! ops/run_shell reason: "no shell from the ops assistant"
          permit ops/service_status
          deny ops/restart_service when service == "database" reason: "database restarts need a change ticket"
          permit ops/restart_service
        }
      }
      """;

  static Stream<Jdks.Jdk> jdks() {
    return Jdks.selected().stream();
  }

  private static ChildJvm.Result run(Jdks.Jdk jdk, Path work, String agentArgs) throws Exception {
    Files.writeString(work.resolve("governance.fms"), POLICY);
    return ChildJvm.on(jdk)
        .agent(Path.of(System.getProperty("faramesh.jar")), agentArgs)
        .classpath(System.getProperty("minitools.app.jar"))
        .main("dev.faramesh.examples.minitools.demo.OpsApp")
        .directory(work)
        .timeout(Duration.ofSeconds(60))
        .run();
  }

  private static Path pluginDir(Path work) throws Exception {
    Path dir = Files.createDirectories(work.resolve("plugins"));
    Path jar = Path.of(System.getProperty("minitools.plugin.jar"));
    Files.copy(jar, dir.resolve(jar.getFileName()));
    return dir;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void thePluginMapsEachCallToAnActionAndTheAgentAllowsOrDeniesIt(Jdks.Jdk jdk) throws Exception {
    Path work = Files.createTempDirectory("faramesh-minitools-");
    Path plugins = pluginDir(work);
    ChildJvm.Result r = run(jdk, work, "agent=ops-bot,plugins=" + plugins);

    assertThat(r.exitCode()).as("%s", r).isZero();
    assertThat(r.stdout()).as("%s", r).contains("OPS DONE");
    assertThat(r.stderr()).contains("minitools");
    assertThat(r.lines("RAN ")).containsExactly("service_status web", "restart_service web");
    assertThat(r.lines("RESULT ")).containsExactly("service_status: web is up", "restart_service: web restarted");
    assertThat(r.lines("FAILED ")).satisfiesExactly(
        l -> assertThat(l).startsWith("restart_service: faramesh denied ops/restart_service: rule fpl-3")
            .contains("[RULE_DENY] database restarts need a change ticket"),
        l -> assertThat(l).startsWith("run_shell: faramesh denied ops/run_shell: rule fpl-1")
            .contains("[FPL_STRICT_DENY] no shell from the ops assistant"));

    List<DprRecord> d = new ArrayList<>();
    AuditReader.forEach(work.resolve(".faramesh/wal"), e -> d.add(e.record()));
    assertThat(d).extracting(DprRecord::toolId, DprRecord::effect).containsExactly(
        org.assertj.core.groups.Tuple.tuple("ops/service_status", "PERMIT"),
        org.assertj.core.groups.Tuple.tuple("ops/restart_service", "PERMIT"),
        org.assertj.core.groups.Tuple.tuple("ops/restart_service", "DENY"),
        org.assertj.core.groups.Tuple.tuple("ops/run_shell", "DENY"));
    assertThat(d).allSatisfy(x -> assertThat(x.interceptAdapter()).isEqualTo("plugin"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void withoutThePluginTheCallsAreNotGovernedAndAMissingPluginDirectoryFailsClosed(Jdks.Jdk jdk) throws Exception {
    Path work = Files.createTempDirectory("faramesh-minitools-");
    ChildJvm.Result plain = run(jdk, work, "agent=ops-bot");
    assertThat(plain.exitCode()).as("%s", plain).isZero();
    assertThat(plain.lines("RAN ")).hasSize(4);

    ChildJvm.Result missing = run(jdk, work, "agent=ops-bot,plugins=" + work.resolve("no-such-dir") + File.separator);
    assertThat(missing.exitCode()).as("%s", missing).isEqualTo(78);
    assertThat(missing.stdout()).doesNotContain("RAN ");
    assertThat(missing.stderr()).contains("plugin directory").contains("does not exist");
  }
}
