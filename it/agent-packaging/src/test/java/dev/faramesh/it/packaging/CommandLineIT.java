package dev.faramesh.it.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faramesh.it.support.ChildJvm;
import dev.faramesh.it.support.Jdks;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * {@code java -jar faramesh.jar ...} runs the command-line interface from the isolated loader, or
 * says clearly that this build has none.
 */
class CommandLineIT {

  @Test
  void theJarIsACommand() throws Exception {
    boolean hasCli;
    try (JarFile jar = new JarFile(Apps.JAR.toFile())) {
      hasCli = jar.getEntry("inst/dev/faramesh/cli/FarameshCli.classdata") != null;
    }
    Jdks.Jdk jdk = Jdks.selected().get(0);
    ChildJvm.Result r = ChildJvm.on(jdk).jar(Apps.JAR, "--help").run();
    if (hasCli) {
      assertThat(r.exitCode()).as("%s", r).isZero();
      assertThat(r.stdout() + r.stderr()).containsIgnoringCase("usage");
    } else {
      assertThat(r.exitCode()).as("%s", r).isEqualTo(2);
      assertThat(r.stderr()).contains("this build of faramesh.jar has no command-line interface")
          .doesNotContain("\tat ");
    }
  }
}
