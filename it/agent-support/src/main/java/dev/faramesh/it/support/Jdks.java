package dev.faramesh.it.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The JDKs the suites run child JVMs on. {@code -Dfaramesh.it.jdks=17,25} (the default) lists
 * feature versions; each must be found, or the suite fails rather than skipping it. An empty value
 * means the JDK running the build only. A version's home comes from {@code -Dfaramesh.it.jdk.N},
 * else {@code JAVA_N_HOME}, else the first JDK under {@code /usr/lib/jvm} whose {@code release} file
 * names that version.
 */
public final class Jdks {

  private static final Pattern VERSION = Pattern.compile("JAVA_VERSION=\"(\\d+)");

  private Jdks() {}

  /** One JDK: its feature version and home directory. */
  public record Jdk(int feature, Path home) {
    public Path java() {
      return home.resolve("bin").resolve("java");
    }

    @Override
    public String toString() {
      return "JDK " + feature;
    }
  }

  /** The selected JDKs, in the order listed; throws when one is missing. */
  public static List<Jdk> selected() {
    String list = System.getProperty("faramesh.it.jdks", "17,25").trim();
    List<Jdk> out = new ArrayList<>();
    if (list.isEmpty()) {
      out.add(new Jdk(Runtime.version().feature(), Path.of(System.getProperty("java.home"))));
      return out;
    }
    for (String item : list.split(",")) {
      if (!item.isBlank()) {
        out.add(find(Integer.parseInt(item.trim())));
      }
    }
    return out;
  }

  static Jdk find(int feature) {
    String configured = System.getProperty("faramesh.it.jdk." + feature);
    if (configured == null) {
      configured = System.getenv("JAVA_" + feature + "_HOME");
    }
    if (configured != null) {
      Path home = Path.of(configured);
      if (feature(home) != feature) {
        throw new IllegalStateException(home + " (faramesh.it.jdk." + feature + " / JAVA_" + feature
            + "_HOME) is not a JDK " + feature);
      }
      return new Jdk(feature, home);
    }
    Path root = Path.of("/usr/lib/jvm");
    if (Files.isDirectory(root)) {
      try (Stream<Path> homes = Files.list(root)) {
        for (Path home : homes.sorted().toList()) {
          if (!Files.isSymbolicLink(home) && feature(home) == feature) {
            return new Jdk(feature, home);
          }
        }
      } catch (IOException e) {
        throw new IllegalStateException("cannot list " + root, e);
      }
    }
    throw new IllegalStateException("JDK " + feature + " is required by -Dfaramesh.it.jdks but was not found; "
        + "set -Dfaramesh.it.jdk." + feature + "=<home> or JAVA_" + feature + "_HOME, or narrow the list with "
        + "-Dfaramesh.it.jdks=<versions>");
  }

  private static int feature(Path home) {
    Path release = home.resolve("release");
    if (!Files.isRegularFile(release) || !Files.isExecutable(home.resolve("bin/java"))) {
      return -1;
    }
    try {
      Matcher m = VERSION.matcher(Files.readString(release, StandardCharsets.UTF_8));
      return m.find() ? Integer.parseInt(m.group(1)) : -1;
    } catch (IOException e) {
      return -1;
    }
  }
}
