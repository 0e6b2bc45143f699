package dev.faramesh.launcher.jvm;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises a command that starts a JVM and adds the agent to it. The command's program is
 * looked up as the shell would ({@code PATH} for a bare name, the working directory for a relative
 * path) and followed through symbolic links ({@code /usr/bin/java} to {@code /etc/alternatives/java}
 * to a JDK); it is a JVM when it is a file named {@code java} in the {@code bin} directory of a
 * Java runtime image (one with a {@code release} file). The agent goes onto the command line
 * itself, as {@code -Xbootclasspath/a:faramesh.jar -javaagent:faramesh.jar=...} right after the
 * program, not into {@code JAVA_TOOL_OPTIONS}: a variable is easily overridden, emptied or
 * dropped by a wrapper script, while the arguments are exactly what this JVM runs with.
 */
public final class JvmCommand {

  private static final Pattern VERSION = Pattern.compile("JAVA_VERSION=\"(\\d+)(?:\\.(\\d+))?");
  /** The agent's class files target Java 17. */
  static final int MIN_FEATURE = 17;

  private final Path java;
  private final int feature;

  private JvmCommand(Path java, int feature) {
    this.java = java;
    this.feature = feature;
  }

  /**
   * The JVM {@code command} starts, or {@code null} when its program is not a Java launcher.
   * {@code path} is the {@code PATH} the child will have.
   */
  public static JvmCommand detect(List<String> command, String path, Path workingDirectory) {
    if (command.isEmpty()) {
      return null;
    }
    Path program = locate(command.get(0), path, workingDirectory);
    if (program == null) {
      return null;
    }
    Path real;
    try {
      real = program.toRealPath();
    } catch (IOException e) {
      return null;
    }
    Path bin = real.getParent();
    if (!real.getFileName().toString().equals("java") || bin == null || bin.getFileName() == null
        || !bin.getFileName().toString().equals("bin") || bin.getParent() == null) {
      return null;
    }
    Path release = bin.getParent().resolve("release");
    if (!Files.isRegularFile(release)) {
      return null;
    }
    return new JvmCommand(real, feature(release));
  }

  /** Where the shell would find {@code program}, or {@code null}. */
  static Path locate(String program, String path, Path workingDirectory) {
    if (program.contains("/")) {
      Path p = workingDirectory.resolve(program);
      return Files.isRegularFile(p) && Files.isExecutable(p) ? p : null;
    }
    if (path == null) {
      return null;
    }
    for (String dir : path.split(File.pathSeparator, -1)) {
      Path p = (dir.isEmpty() ? workingDirectory : workingDirectory.resolve(dir)).resolve(program);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  private static int feature(Path release) {
    try {
      Matcher m = VERSION.matcher(Files.readString(release, StandardCharsets.UTF_8));
      if (!m.find()) {
        return -1;
      }
      int first = Integer.parseInt(m.group(1));
      // Java 8 and older say "1.8.0_x"
      return first == 1 && m.group(2) != null ? Integer.parseInt(m.group(2)) : first;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** The real path of the Java launcher. */
  public Path java() {
    return java;
  }

  /** Its feature version, or -1 when the runtime image does not say. */
  public int feature() {
    return feature;
  }

  /** Whether the agent can run on this JVM. */
  public boolean supported() {
    return feature >= MIN_FEATURE;
  }

  /**
   * {@code command} with the agent added right after the program: the agent jar on the boot class
   * path (so the bridge is boot-visible before premain without a run-time append, which would cost
   * CDS) and as {@code -javaagent} with {@code agentArguments}.
   */
  public static List<String> withAgent(List<String> command, Path agentJar, String agentArguments) {
    List<String> out = new ArrayList<>(command.size() + 2);
    out.add(command.get(0));
    out.add("-Xbootclasspath/a:" + agentJar);
    out.add("-javaagent:" + agentJar + (agentArguments == null || agentArguments.isEmpty() ? "" : "=" + agentArguments));
    out.addAll(command.subList(1, command.size()));
    return out;
  }
}
