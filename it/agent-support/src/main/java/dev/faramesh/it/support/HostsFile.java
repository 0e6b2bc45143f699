package dev.faramesh.it.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A hosts file that maps test host names to 127.0.0.1, for a child JVM started with
 * {@code -Djdk.net.hosts.file}, so requests to {@code api.allowed.test} and
 * {@code exfil.evil.test} reach loopback servers under distinct names.
 */
public final class HostsFile {

  private HostsFile() {}

  public static Path write(Path file, List<String> names) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, "127.0.0.1 localhost " + String.join(" ", names) + "\n", StandardCharsets.UTF_8);
    return file;
  }

  public static String argument(Path file) {
    return "-Djdk.net.hosts.file=" + file;
  }
}
