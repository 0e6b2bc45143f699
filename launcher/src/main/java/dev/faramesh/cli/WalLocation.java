package dev.faramesh.cli;

import java.nio.file.Path;

/**
 * Where the audit commands look for the WAL when none is given: {@code FARAMESH_WAL_DIR}, else
 * {@code .faramesh/wal} under the working directory — the agent's own default.
 */
final class WalLocation {

  private WalLocation() {}

  static Path resolve(Path given) {
    if (given != null) {
      return given;
    }
    String env = System.getenv("FARAMESH_WAL_DIR");
    return env != null && !env.isBlank() ? Path.of(env) : Path.of(".faramesh", "wal");
  }
}
