package dev.faramesh.it.frameworks;

import dev.faramesh.it.support.Jdks;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The version matrix as the pom lists it ({@code it.<line>.versions}, comma-separated), crossed
 * with the selected JDKs: every version on the first JDK, and the line's newest version on each
 * further JDK too, which keeps the JDK axis covered without running every version twice.
 * {@code -Dit.matrix=edges} keeps only each line's oldest and newest version.
 */
final class Matrix {

  private Matrix() {}

  static List<String> versions(String line) {
    String list = System.getProperty("it." + line + ".versions");
    if (list == null || list.isBlank()) {
      throw new IllegalStateException("-Dit." + line + ".versions is not set; run the suite through Maven");
    }
    List<String> out = new ArrayList<>();
    for (String v : list.split(",")) {
      if (!v.isBlank()) {
        out.add(v.trim());
      }
    }
    if ("edges".equals(System.getProperty("it.matrix")) && out.size() > 2) {
      return List.of(out.get(0), out.get(out.size() - 1));
    }
    return out;
  }

  /** (version, JDK) pairs for a {@code @MethodSource}. */
  static Stream<Arguments> of(String line) {
    List<String> versions = versions(line);
    List<Jdks.Jdk> jdks = Jdks.selected();
    List<Arguments> out = new ArrayList<>();
    for (String v : versions) {
      out.add(Arguments.of(v, jdks.get(0)));
    }
    for (Jdks.Jdk jdk : jdks.subList(1, jdks.size())) {
      out.add(Arguments.of(versions.get(versions.size() - 1), jdk));
    }
    return out.stream();
  }
}
