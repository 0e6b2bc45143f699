package dev.faramesh.agent.install;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.Adler32;
import java.util.zip.CRC32C;

/**
 * Woven class files kept between runs, so a warm start weaves without loading Byte Buddy. An entry
 * is found by the length and two independent 32-bit checksums (CRC-32C, Adler-32) of the class file
 * the JDK is defining, so another JDK build's class does not match by accident, under a directory
 * named by the build id of {@code faramesh.jar} (so other advice never matches); it starts with the
 * same checksums of its own content, checked before use (a damaged entry is ignored and rewritten).
 * Checksums, not a cryptographic hash: they guard against accidents, and the directory's
 * permissions guard against everything else. The directory lives next to {@code faramesh.jar}: whoever can write there can replace
 * the jar itself, so the cache is exactly as trustworthy as the agent. Where that directory is not
 * writable nothing is cached; every failure here only costs a weave.
 */
final class WeaveCache {

  private static final int DIGEST = 8;

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
      return Arrays.equals(checksum(woven), Arrays.copyOf(stored, DIGEST)) ? woven : null;
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
      Files.write(temp, ByteBuffer.allocate(DIGEST + woven.length).put(checksum(woven)).put(woven).array());
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
    return dir.resolve(binaryName + "-" + Integer.toHexString(original.length) + "-"
        + HexFormat.of().formatHex(checksum(original)) + ".class");
  }

  /** CRC-32C then Adler-32, eight bytes. */
  private static byte[] checksum(byte[] bytes) {
    CRC32C crc = new CRC32C();
    crc.update(bytes);
    Adler32 adler = new Adler32();
    adler.update(bytes);
    return ByteBuffer.allocate(DIGEST).putInt((int) crc.getValue()).putInt((int) adler.getValue()).array();
  }
}
