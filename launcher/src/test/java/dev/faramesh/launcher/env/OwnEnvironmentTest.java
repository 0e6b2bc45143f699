package dev.faramesh.launcher.env;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faramesh.launcher.Secrets;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A separate JVM clears variables from its own {@code /proc/<pid>/environ}; the test reads it from outside. */
class OwnEnvironmentTest {

  /** Run in the child JVM: clears PROBE_SECRET, reports, waits for a line on stdin. */
  public static final class Probe {
    public static void main(String[] args) throws Exception {
      String before = System.getenv("PROBE_SECRET");
      int n = OwnEnvironment.clear(List.of("PROBE_SECRET", "NOT_SET_AT_ALL"));
      System.out.println("CLEARED " + n + " javaCopyKept=" + before.equals(System.getenv("PROBE_SECRET")));
      System.out.flush();
      new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    }
  }

  @Test
  void valuesAreOverwrittenInTheKernelsViewAndNamesAndOtherVariablesStay() throws Exception {
    String secret = Secrets.alnum("sk-proj-", 40);
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), Probe.class.getName());
    pb.environment().clear();
    pb.environment().put("PROBE_SECRET", secret);
    pb.environment().put("OTHER", "keep-me");
    pb.redirectErrorStream(true);
    Process p = pb.start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();
      assertThat(line).isEqualTo("CLEARED 1 javaCopyKept=true");
      String environ = new String(Files.readAllBytes(Path.of("/proc/" + p.pid() + "/environ")), StandardCharsets.UTF_8);
      assertThat(environ.contains(secret)).as("raw value still in /proc/<pid>/environ").isFalse();
      assertThat(Arrays.asList(environ.split("\0"))).contains("PROBE_SECRET=" + "*".repeat(secret.length()),
          "OTHER=keep-me");
      p.getOutputStream().write('\n');
      p.getOutputStream().flush();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).isZero();
    } finally {
      p.destroyForcibly();
    }
  }
}
