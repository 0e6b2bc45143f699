package dev.faramesh.it.packaging;

import dev.faramesh.it.support.ChildJvm;
import dev.faramesh.it.support.Jdks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Starts the test applications under the agent from a working directory with a policy. */
final class Apps {

  static final Path JAR = Path.of(System.getProperty("faramesh.jar"));
  static final String APPS = System.getProperty("faramesh.it.apps");

  private Apps() {}

  /** A working directory holding {@code governance.fms} with {@code policy} (or none when null). */
  static Path workdir(Path parent, String name, String policy) throws IOException {
    Path dir = Files.createDirectories(parent.resolve(name));
    if (policy != null) {
      Files.writeString(dir.resolve("governance.fms"), policy);
    }
    return dir;
  }

  /** The scenario app in {@code dir} with the given steps, under the agent with {@code agentArgs}. */
  static ChildJvm scenario(Jdks.Jdk jdk, Path dir, String agentArgs, String steps) throws IOException {
    Path file = Files.writeString(dir.resolve("steps.tsv"), steps);
    return ChildJvm.on(jdk).agent(JAR, agentArgs).classpath(APPS)
        .main("dev.faramesh.it.apps.ScenarioApp", file.toString()).directory(dir);
  }
}
