package dev.faramesh.it.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faramesh.audit.AuditReader;
import dev.faramesh.audit.DprRecord;
import dev.faramesh.it.support.ChildJvm;
import dev.faramesh.it.support.Jdks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Where the agent takes its settings from: agent arguments over {@code -Dfaramesh.*} over
 * {@code FARAMESH_*}, {@code governance.fms} and {@code .faramesh/wal} in the working directory
 * by default, and what shadow mode does with a denial.
 */
class ConfigurationIT {

  @TempDir static Path dir;

  static Stream<Jdks.Jdk> jdks() {
    return Jdks.selected().stream();
  }

  private static String policy(String agent, String effect) {
    return "agent " + agent + " {\n  default deny\n  rules { " + effect + " process/exec }\n}\n";
  }

  /** Starts {@code true} once, which makes exactly one decision. */
  private static final String ONE_DECISION = "exec\tx\tpb\ttrue\n";

  private static List<DprRecord> records(Path wal) throws Exception {
    List<DprRecord> out = new ArrayList<>();
    if (Files.exists(wal.resolve("faramesh.wal"))) {
      AuditReader.forEach(wal, e -> out.add(e.record()));
    }
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void agentArgumentsBeatPropertiesWhichBeatEnvironmentVariables(Jdks.Jdk jdk) throws Exception {
    Path work = Apps.workdir(dir, jdk.feature() + "-precedence", null);
    Files.writeString(work.resolve("arg.fms"), policy("from-arg", "permit"));
    Files.writeString(work.resolve("prop.fms"), policy("from-prop", "permit"));
    Files.writeString(work.resolve("env.fms"), policy("from-env", "permit"));
    List<String> sources = List.of("arg", "prop", "env");
    for (int level = 0; level < sources.size(); level++) {
      String args = level == 0 ? "policy=arg.fms,wal=wal-arg,agent=from-arg" : "";
      ChildJvm run = Apps.scenario(jdk, work, args, ONE_DECISION);
      if (level <= 1) {
        run.property("faramesh.policy", "prop.fms").property("faramesh.wal.dir", "wal-prop")
            .property("faramesh.agent", "from-prop");
      }
      run.env("FARAMESH_POLICY", "env.fms").env("FARAMESH_WAL_DIR", "wal-env").env("FARAMESH_AGENT", "from-env");
      ChildJvm.Result r = run.run();
      String winner = sources.get(level);
      assertThat(r.exitCode()).as("%s", r).isZero();
      assertThat(r.stderr()).contains("governing from-" + winner + " as ").contains(winner + ".fms");
      assertThat(records(work.resolve("wal-" + winner))).as("records in wal-" + winner).hasSize(1);
    }
    assertThat(records(work.resolve(".faramesh/wal"))).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void defaultsAreGovernanceFmsAndDotFarameshWalInTheWorkingDirectory(Jdks.Jdk jdk) throws Exception {
    Path work = Apps.workdir(dir, jdk.feature() + "-defaults", policy("solo", "permit"));
    ChildJvm.Result r = Apps.scenario(jdk, work, "", ONE_DECISION).run();
    assertThat(r.exitCode()).as("%s", r).isZero();
    assertThat(r.stderr()).contains("governing solo as spiffe://localhost/dev/")
        .contains(work.resolve("governance.fms").toString());
    assertThat(records(work.resolve(".faramesh/wal"))).hasSize(1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void shadowModeLetsADenialThroughAndRecordsWhatWouldHaveHappened(Jdks.Jdk jdk) throws Exception {
    Path work = Apps.workdir(dir, jdk.feature() + "-shadow", policy("bot", "deny"));
    ChildJvm.Result enforced = Apps.scenario(jdk, work, "agent=bot,wal=enforced", ONE_DECISION).run();
    assertThat(enforced.lines("RESULT x ")).singleElement().asString()
        .startsWith("threw class=dev.faramesh.bootstrap.FarameshDeniedIOException");
    ChildJvm.Result shadow = Apps.scenario(jdk, work, "agent=bot,wal=shadow", ONE_DECISION)
        .property("faramesh.mode", "shadow").run();
    assertThat(shadow.lines("RESULT x ")).containsExactly("exit=0");
    assertThat(records(work.resolve("shadow"))).singleElement().satisfies(d -> {
      assertThat(d.effect()).isEqualTo("SHADOW_PERMIT");
      assertThat(d.shadowActualEffect()).isEqualTo("DENY");
      assertThat(d.enforcementMode()).isEqualTo("shadow");
    });
    assertThat(records(work.resolve("enforced"))).singleElement()
        .satisfies(d -> assertThat(d.effect()).isEqualTo("DENY"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void weavingWithoutTheCacheAndFromTheCacheBehaveAlike(Jdks.Jdk jdk) throws Exception {
    Path work = Apps.workdir(dir, jdk.feature() + "-cache", policy("bot", "permit"));
    Path cache = work.resolve("weave-cache");
    String steps = ONE_DECISION + "getenv\tPATH\n";
    ChildJvm.Result cold = Apps.scenario(jdk, work, "agent=bot,wal=cold", steps)
        .property("faramesh.weave.cache", "off").run();
    ChildJvm.Result filling = Apps.scenario(jdk, work, "agent=bot,wal=filling", steps)
        .property("faramesh.weave.cache", cache.toString()).run();
    ChildJvm.Result warm = Apps.scenario(jdk, work, "agent=bot,wal=warm", steps)
        .property("faramesh.weave.cache", cache.toString()).run();
    for (ChildJvm.Result r : List.of(cold, filling, warm)) {
      assertThat(r.exitCode()).as("%s", r).isZero();
      assertThat(r.lines("RESULT x ")).containsExactly("exit=0");
      assertThat(r.stderr()).doesNotContain("could not instrument");
    }
    try (Stream<Path> entries = Files.walk(cache)) {
      assertThat(entries.map(p -> p.getFileName().toString()))
          .anyMatch(n -> n.startsWith("java.lang.System-")).anyMatch(n -> n.startsWith("java.lang.ProcessBuilder-"));
    }
    for (String wal : List.of("cold", "filling", "warm")) {
      assertThat(records(work.resolve(wal))).hasSize(1);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void aTornTailIsTruncatedAndReportedAndTheChainGoesOn(Jdks.Jdk jdk) throws Exception {
    Path work = Apps.workdir(dir, jdk.feature() + "-torn-wal", policy("bot", "permit"));
    ChildJvm.Result first = Apps.scenario(jdk, work, "agent=bot,wal=w", ONE_DECISION + ONE_DECISION).run();
    assertThat(first.exitCode()).as("%s", first).isZero();
    Path file = work.resolve("w/faramesh.wal");
    // A crash in the middle of a write: a frame header promising more payload than is there.
    byte[] header = {0x4C, 0x41, 0x57, 0x46, 1, 0, 1, 0, 0, 0, 0, 0, 0, '{', '"'};
    Files.write(file, header, java.nio.file.StandardOpenOption.APPEND);
    ChildJvm.Result next = Apps.scenario(jdk, work, "agent=bot,wal=w", ONE_DECISION).run();
    assertThat(next.exitCode()).as("%s", next).isZero();
    assertThat(next.lines("RESULT x ")).containsExactly("exit=0");
    assertThat(next.stderr()).contains("torn tail truncated at byte offset").contains("bytes removed");
    assertThat(records(work.resolve("w"))).hasSize(3);
    ChildJvm.Result verify = ChildJvm.on(jdk).jar(Apps.JAR, "audit", "verify", work.resolve("w").toString()).run();
    assertThat(verify.stdout()).as("%s", verify).contains("3 records, 0 violations");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void aWalThatCannotBeOpenedDeniesEveryDecision(Jdks.Jdk jdk) throws Exception {
    Path work = Apps.workdir(dir, jdk.feature() + "-broken-wal", policy("bot", "permit"));
    ChildJvm.Result first = Apps.scenario(jdk, work, "agent=bot,wal=w", ONE_DECISION + ONE_DECISION).run();
    assertThat(first.exitCode()).as("%s", first).isZero();
    Path file = work.resolve("w/faramesh.wal");
    byte[] bytes = Files.readAllBytes(file);
    bytes[40] ^= 0x20;
    Files.write(file, bytes);
    ChildJvm.Result broken = Apps.scenario(jdk, work, "agent=bot,wal=w", ONE_DECISION).run();
    assertThat(broken.lines("RESULT x ")).singleElement().asString()
        .startsWith("threw class=dev.faramesh.bootstrap.FarameshDeniedIOException").contains("WAL_WRITE_FAILURE");
    assertThat(broken.stderr()).contains("could not be opened").contains("every decision is denied");
  }
}
