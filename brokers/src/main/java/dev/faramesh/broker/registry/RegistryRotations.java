package dev.faramesh.broker.registry;

import dev.faramesh.broker.RotationNotices;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Rotation notices from the registry file: {@code faramesh credential rotate}, run in any process,
 * stamps the credential there; a broker asks before each lease, and when the file changed (by
 * modification time, size and file key, one {@code stat}) it rereads the stamps and reports the
 * credentials whose stamp is new. An unreadable file reports nothing: the TTL still bounds the cache.
 */
public final class RegistryRotations implements RotationNotices {

  private final Path file;
  private Object seen;
  private Map<String, String> stamps;

  public RegistryRotations(Path file) {
    this.file = file;
    this.seen = version();
    this.stamps = current();
  }

  private Object version() {
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      return List.of(a.lastModifiedTime(), a.size(), Objects.toString(a.fileKey()));
    } catch (NoSuchFileException e) {
      return "absent";
    } catch (IOException e) {
      return "unreadable";
    }
  }

  private Map<String, String> current() {
    try {
      return CredentialRegistry.read(file).rotations();
    } catch (RegistryException e) {
      return stamps == null ? Map.of() : stamps;
    }
  }

  @Override
  public synchronized Collection<String> poll() {
    Object now = version();
    if (now.equals(seen)) {
      return List.of();
    }
    seen = now;
    Map<String, String> fresh = current();
    List<String> rotated = new ArrayList<>();
    for (Map.Entry<String, String> e : fresh.entrySet()) {
      if (!e.getValue().equals(stamps.get(e.getKey()))) {
        rotated.add(e.getKey());
      }
    }
    stamps = fresh;
    return rotated;
  }
}
