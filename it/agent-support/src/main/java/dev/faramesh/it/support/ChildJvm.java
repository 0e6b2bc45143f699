package dev.faramesh.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Starts an application in a child JVM, optionally under {@code -javaagent:faramesh.jar=...}, with
 * an environment made only of what the test sets (plus {@code PATH}, {@code HOME}, {@code LANG}), so
 * nothing of the build machine's environment reaches it, and collects its exit code and output.
 */
public final class ChildJvm {

  private final Jdks.Jdk jdk;
  private final List<String> jvmArgs = new ArrayList<>();
  private final List<String> appArgs = new ArrayList<>();
  private final Map<String, String> environment = new LinkedHashMap<>();
  private String agent;
  private String classpath;
  private String main;
  private String jar;
  private Path directory;
  private Duration timeout = Duration.ofSeconds(90);

  private ChildJvm(Jdks.Jdk jdk) {
    this.jdk = jdk;
    for (String name : List.of("PATH", "HOME", "LANG")) {
      String v = System.getenv(name);
      if (v != null) {
        environment.put(name, v);
      }
    }
  }

  public static ChildJvm on(Jdks.Jdk jdk) {
    return new ChildJvm(jdk);
  }

  /** Runs under {@code -javaagent:<jar>[=<arguments>]}. */
  public ChildJvm agent(Path agentJar, String arguments) {
    this.agent = "-javaagent:" + agentJar + (arguments == null || arguments.isEmpty() ? "" : "=" + arguments);
    return this;
  }

  public ChildJvm jvmArg(String arg) {
    jvmArgs.add(arg);
    return this;
  }

  public ChildJvm property(String name, String value) {
    jvmArgs.add("-D" + name + "=" + value);
    return this;
  }

  public ChildJvm classpath(String cp) {
    this.classpath = cp;
    return this;
  }

  public ChildJvm main(String mainClass, String... args) {
    this.main = mainClass;
    appArgs.addAll(List.of(args));
    return this;
  }

  /** Runs {@code java -jar <jar> args...} instead of a main class. */
  public ChildJvm jar(Path executableJar, String... args) {
    this.jar = executableJar.toString();
    appArgs.addAll(List.of(args));
    return this;
  }

  public ChildJvm env(String name, String value) {
    environment.put(name, value);
    return this;
  }

  public ChildJvm directory(Path dir) {
    this.directory = dir;
    return this;
  }

  public ChildJvm timeout(Duration t) {
    this.timeout = t;
    return this;
  }

  public List<String> command() {
    List<String> cmd = new ArrayList<>();
    cmd.add(jdk.java().toString());
    if (agent != null) {
      cmd.add(agent);
    }
    cmd.addAll(jvmArgs);
    if (jar != null) {
      cmd.add("-jar");
      cmd.add(jar);
    } else {
      if (classpath != null) {
        cmd.add("-cp");
        cmd.add(classpath);
      }
      cmd.add(main);
    }
    cmd.addAll(appArgs);
    return cmd;
  }

  /** Runs to completion; a JVM that outlives the timeout is killed and reported as such. */
  public Result run() {
    ProcessBuilder pb = new ProcessBuilder(command());
    pb.environment().clear();
    pb.environment().putAll(environment);
    if (directory != null) {
      pb.directory(directory.toFile());
    }
    try {
      long start = System.nanoTime();
      Process p = pb.start();
      p.getOutputStream().close();
      CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
      CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly().waitFor();
        throw new AssertionError("child JVM did not finish within " + timeout + ": " + command()
            + "\nstdout:\n" + out.join() + "\nstderr:\n" + err.join());
      }
      return new Result(jdk, p.exitValue(), out.join(), err.join(), Duration.ofNanos(System.nanoTime() - start));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String read(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What a finished child JVM left behind. */
  public record Result(Jdks.Jdk jdk, int exitCode, String stdout, String stderr, Duration elapsed) {

    /** The stdout lines starting with {@code prefix}, prefix removed. */
    public List<String> lines(String prefix) {
      List<String> out = new ArrayList<>();
      for (String line : stdout.split("\n")) {
        if (line.startsWith(prefix)) {
          out.add(line.substring(prefix.length()));
        }
      }
      return out;
    }

    /** The value of the first stdout line {@code key=value}, or {@code null}. */
    public String value(String key) {
      for (String line : stdout.split("\n")) {
        if (line.startsWith(key + "=")) {
          return line.substring(key.length() + 1);
        }
      }
      return null;
    }

    @Override
    public String toString() {
      return jdk + " exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }
  }
}
