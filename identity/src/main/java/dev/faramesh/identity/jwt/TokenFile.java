package dev.faramesh.identity.jwt;

import dev.faramesh.identity.IdentityException;
import dev.faramesh.policy.ReasonCodes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * A token the platform keeps in a file and rotates by replacing it (a Kubernetes projected volume
 * swaps a symlink; others rewrite the file). {@link #revision()} notices a rotation by the file's
 * identity, size and modification time, looking at most every quarter second, so checking it on
 * every decision costs a volatile read.
 */
public final class TokenFile {

  private static final long STAT_INTERVAL_NANOS = 250_000_000L;

  private final Path path;
  private volatile long revision;
  private volatile long nextStat;
  private volatile String stamp;

  public TokenFile(Path path) {
    this.path = path;
    this.nextStat = System.nanoTime();
  }

  public Path path() {
    return path;
  }

  /** The token as the file holds it now; a missing file means the provider is not available. */
  public String read() throws IdentityException {
    try {
      String token = Files.readString(path, StandardCharsets.UTF_8).trim();
      if (token.isEmpty()) {
        throw IdentityException.of(ReasonCodes.IDENTITY_INVALID, "the token file " + path + " is empty");
      }
      return token;
    } catch (NoSuchFileException e) {
      throw IdentityException.of(ReasonCodes.IDENTITY_PROVIDER_UNAVAILABLE, "the token file " + path
          + " does not exist");
    } catch (IOException e) {
      throw new IdentityException(ReasonCodes.IDENTITY_PROVIDER_UNAVAILABLE, "the token file " + path
          + " cannot be read: " + e.getClass().getSimpleName(), e);
    }
  }

  /** Changes when the file was replaced or rewritten since the last look. */
  public long revision() {
    long now = System.nanoTime();
    if (now - nextStat >= 0) {
      nextStat = now + STAT_INTERVAL_NANOS;
      String s = stamp();
      if (!Objects.equals(s, stamp)) {
        stamp = s;
        revision++;
      }
    }
    return revision;
  }

  private String stamp() {
    try {
      BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
      return a.fileKey() + "/" + a.size() + "/" + a.lastModifiedTime().toMillis();
    } catch (IOException e) {
      return "missing";
    }
  }
}
