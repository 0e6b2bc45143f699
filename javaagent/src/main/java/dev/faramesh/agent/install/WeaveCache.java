package dev.faramesh.agent.install;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Woven class files kept between runs, so a warm start weaves without loading Byte Buddy. An entry
 * is found by the SHA-256 of the class file the JDK is defining (so another JDK build never matches)
 * under a directory named by the build id of {@code faramesh.jar} (so other advice never matches),
 * and carries the SHA-256 of its own content, checked before use (a damaged entry is ignored and
 * rewritten). The directory lives next to {@code faramesh.jar}: whoever can write there can replace
 * the jar itself, so the cache is exactly as trustworthy as the agent. Where that directory is not
 * writable nothing is cached; every failure here only costs a weave.
 */
final class WeaveCache {

  private static final int DIGEST = 32;

  private final Path dir;

  private WeaveCache(Path dir) {
    this.dir = dir;
  }

  /** A cache in {@code dir}, or {@code null} for none. */
  static WeaveCache at(Path dir) {
    return dir == null ? null : new WeaveCache(dir);
  }

  /** The woven form of {@code original}, or {@code null} when not cached or damaged. */
  byte[] get(String binaryName, byte[] original) {
    Path file = file(binaryName, original);
    try {
      if (!Files.isRegularFile(file)) {
        return null;
      }
      byte[] stored = Files.readAllBytes(file);
      if (stored.length <= DIGEST) {
        return null;
      }
      byte[] woven = Arrays.copyOfRange(stored, DIGEST, stored.length);
      return Arrays.equals(sha256(woven), Arrays.copyOf(stored, DIGEST)) ? woven : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  void put(String binaryName, byte[] original, byte[] woven) {
    Path file = file(binaryName, original);
    Path temp = null;
    try {
      Files.createDirectories(dir);
      temp = Files.createTempFile(dir, "weave", ".tmp");
      Files.write(temp, ByteBuffer.allocate(DIGEST + woven.length).put(sha256(woven)).put(woven).array());
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException | RuntimeException e) {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // nothing more to do: the next run weaves again
        }
      }
    }
  }

  private Path file(String binaryName, byte[] original) {
    return dir.resolve(binaryName + "-" + HexFormat.of().formatHex(sha256(original), 0, 16) + ".class");
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
