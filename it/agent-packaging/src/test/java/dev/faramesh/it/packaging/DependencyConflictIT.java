package dev.faramesh.it.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faramesh.it.support.ChildJvm;
import dev.faramesh.it.support.Jdks;
import dev.faramesh.it.support.TestSecrets;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An application that brings its own, different Jackson and Byte Buddy runs under the agent with
 * exactly its own versions, uses them, and is still governed.
 */
class DependencyConflictIT {

  @TempDir static Path dir;

  static Stream<Jdks.Jdk> jdks() {
    return Jdks.selected().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void theApplicationsOwnVersionsWinAndTheAgentStillGoverns(Jdks.Jdk jdk) throws Exception {
    String jackson = System.getProperty("faramesh.it.foreign.jackson");
    String byteBuddy = System.getProperty("faramesh.it.foreign.bytebuddy");
    String classpath;
    try (Stream<Path> jars = Files.list(Path.of(System.getProperty("faramesh.it.foreign")))) {
      classpath = Apps.APPS + File.pathSeparator
          + jars.map(Path::toString).sorted().collect(Collectors.joining(File.pathSeparator));
    }
    Path work = Apps.workdir(dir, "jdk" + jdk.feature(), """
        credential "openai" {
          backend = "env"
          env = ["OPENAI_API_KEY"]
          hosts = ["api.openai.com"]
        }
        agent app {
          default deny
        }
        """);
    String secret = TestSecrets.random("sk-", 40);
    ChildJvm.Result r = ChildJvm.on(jdk).agent(Apps.JAR, "agent=app").classpath(classpath)
        .main("dev.faramesh.it.apps.ConflictApp").directory(work).env("OPENAI_API_KEY", secret).run();
    assertThat(r.exitCode()).as("%s", r).isZero();
    assertThat(r.value("jackson")).isEqualTo(jackson);
    assertThat(r.value("bytebuddy")).isEqualTo(byteBuddy);
    assertThat(r.value("json")).isEqualTo("{\"k\":\"v\"}");
    assertThat(r.value("subclass")).isEqualTo("made by the app's byte buddy");
    assertThat(r.value("getenv")).startsWith("sk-").isNotEqualTo(secret).hasSameSizeAs(secret);
    assertThat(r.stdout() + r.stderr()).doesNotContain(secret);
    assertThat(r.stderr()).doesNotContain("Exception");
  }
}
