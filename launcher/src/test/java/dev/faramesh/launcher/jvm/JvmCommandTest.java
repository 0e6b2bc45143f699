package dev.faramesh.launcher.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JvmCommandTest {

  @TempDir
  Path dir;

  private final Path javaHome = Path.of(System.getProperty("java.home"));

  @Test
  void findsTheJvmByNameOnPathThroughSymbolicLinks() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Files.createSymbolicLink(bin.resolve("java"), javaHome.resolve("bin/java"));
    JvmCommand jvm = JvmCommand.detect(List.of("java", "-jar", "app.jar"), "/nonexistent:" + bin, dir);
    assertThat(jvm).isNotNull();
    assertThat(jvm.java()).isEqualTo(javaHome.resolve("bin/java").toRealPath());
    assertThat(jvm.feature()).isEqualTo(Runtime.version().feature());
    assertThat(jvm.supported()).isTrue();
  }

  @Test
  void findsAnAbsoluteOrRelativeJdkJava() {
    assertThat(JvmCommand.detect(List.of(javaHome.resolve("bin/java").toString()), null, dir)).isNotNull();
    assertThat(JvmCommand.detect(List.of("./bin/java"), null, javaHome)).isNotNull();
  }

  @Test
  void otherProgramsAndLookAlikesAreNotJvms() throws Exception {
    assertThat(JvmCommand.detect(List.of("sh", "-c", "java -version"), "/usr/bin:/bin", dir)).isNull();
    // a script called java outside a Java runtime image
    Path fake = Files.createDirectories(dir.resolve("fake/bin")).resolve("java");
    Files.writeString(fake, "#!/bin/sh\nexit 0\n");
    Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
    assertThat(JvmCommand.detect(List.of(fake.toString()), null, dir)).isNull();
    assertThat(JvmCommand.detect(List.of("java"), dir.resolve("nothing-here").toString(), dir)).isNull();
  }

  @Test
  void readsOldVersionsFromTheReleaseFile() throws Exception {
    Path home = dir.resolve("jdk8");
    Path bin = Files.createDirectories(home.resolve("bin"));
    Files.copy(javaHome.resolve("bin/java"), bin.resolve("java"));
    Files.writeString(home.resolve("release"), "JAVA_VERSION=\"1.8.0_402\"\n");
    JvmCommand jvm = JvmCommand.detect(List.of(bin.resolve("java").toString()), null, dir);
    assertThat(jvm.feature()).isEqualTo(8);
    assertThat(jvm.supported()).isFalse();
  }

  @Test
  void theAgentGoesRightAfterTheProgram() {
    Path jar = Path.of("/opt/faramesh.jar");
    assertThat(JvmCommand.withAgent(List.of("java", "-Xmx1g", "-jar", "app.jar", "x"), jar, "agent=bot,wal=/w"))
        .containsExactly("java", "-Xbootclasspath/a:/opt/faramesh.jar", "-javaagent:/opt/faramesh.jar=agent=bot,wal=/w",
            "-Xmx1g", "-jar", "app.jar", "x");
  }
}
