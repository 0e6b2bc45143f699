package dev.faramesh.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * The private directory of one {@code faramesh run}: created owner-only ({@code rwx------}) under
 * {@code $XDG_RUNTIME_DIR} (a per-user tmpfs) or else the temp directory, it holds the broker's
 * Unix domain socket, the per-run secret the agent reads once, and the certificate files the
 * child is told to trust. Files in it are created owner-only too. Deleted, with everything in it,
 * when the run ends.
 */
public final class RunDirectory implements AutoCloseable {

  /** Unix socket paths are limited to 108 bytes, the terminating NUL included. */
  static final int MAX_SOCKET_PATH = 100;

  private final Path path;

  private RunDirectory(Path path) {
    this.path = path;
  }

  /** A new run directory under {@code base}, or under the default place when {@code base} is null. */
  public static RunDirectory create(Path base, Map<String, String> environment) throws IOException {
    Path parent = base != null ? base : defaultBase(environment);
    Path dir = Files.createTempDirectory(parent, "faramesh-run-",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    // createTempDirectory applies the umask; make sure of owner-only whatever it is
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    RunDirectory run = new RunDirectory(dir.toAbsolutePath());
    if (run.path.resolve("broker.sock").toString().length() > MAX_SOCKET_PATH) {
      run.close();
      throw new IOException("the run directory " + dir + " is too deep for a Unix socket path; set TMPDIR to a "
          + "shorter directory");
    }
    return run;
  }

  private static Path defaultBase(Map<String, String> environment) {
    String runtime = environment.get("XDG_RUNTIME_DIR");
    if (runtime != null && !runtime.isBlank()) {
      Path p = Path.of(runtime);
      if (Files.isDirectory(p) && Files.isWritable(p)) {
        return p;
      }
    }
    return Path.of(System.getProperty("java.io.tmpdir"));
  }

  public Path path() {
    return path;
  }

  public Path resolve(String name) {
    return path.resolve(name);
  }

  /** Writes {@code name} owner-only ({@code rw-------}), failing if it exists. */
  public Path writePrivate(String name, String content) throws IOException {
    Path file = path.resolve(name);
    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, content, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
    return file;
  }

  /** Deletes the directory and everything in it; best effort, never throws. */
  @Override
  public void close() {
    if (!Files.exists(path)) {
      return;
    }
    try {
      Files.walkFileTree(path, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.deleteIfExists(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
          Files.deleteIfExists(dir);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException ignored) {
      // nothing secret is left in it: the secret file is consumed, the socket is closed
    }
  }
}
