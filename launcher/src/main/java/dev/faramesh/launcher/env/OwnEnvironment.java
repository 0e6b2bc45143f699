package dev.faramesh.launcher.env;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.Set;

/**
 * Clears credential values from the launcher's own initial environment block, which is what
 * {@code /proc/<launcher>/environ} shows. Any process of the same user may read that file, the
 * launcher's child included ({@code cat /proc/$PPID/environ}), so leaving the launcher's copy in
 * place would undo the stripping. The values are already in the broker (and in the JVM's own copy
 * of the environment, made at start-up); the block, between {@code env_start} and {@code env_end}
 * of {@code /proc/self/stat}, is overwritten in place through {@code /proc/self/mem}: each chosen
 * variable keeps its name and length, its value becomes {@code *}s. Linux only.
 */
public final class OwnEnvironment {

  /** Fields 50 and 51 of {@code /proc/<pid>/stat} (Linux 3.5+). */
  private static final int ENV_START_FIELD = 50;
  private static final int ENV_END_FIELD = 51;

  private OwnEnvironment() {}

  /**
   * Overwrites the values of {@code names} (exact names) in this process's environment block and
   * returns how many were overwritten.
   *
   * @throws IOException when the block cannot be located, read or written (the caller warns)
   */
  public static int clear(Collection<String> names) throws IOException {
    if (names.isEmpty()) {
      return 0;
    }
    Set<String> wanted = Set.copyOf(names);
    String stat = Files.readString(Path.of("/proc/self/stat"), StandardCharsets.US_ASCII);
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    if (f.length < ENV_END_FIELD - 2) {
      throw new IOException("/proc/self/stat has no env_start/env_end (kernel older than 3.5?)");
    }
    long start = Long.parseLong(f[ENV_START_FIELD - 3]);
    long end = Long.parseLong(f[ENV_END_FIELD - 3]);
    if (start <= 0 || end <= start || end - start > 64L * 1024 * 1024) {
      throw new IOException("/proc/self/stat gives an implausible environment block");
    }
    int cleared = 0;
    try (RandomAccessFile mem = new RandomAccessFile("/proc/self/mem", "rw")) {
      byte[] block = new byte[(int) (end - start)];
      mem.seek(start);
      mem.readFully(block);
      int i = 0;
      while (i < block.length) {
        int zero = i;
        while (zero < block.length && block[zero] != 0) {
          zero++;
        }
        int eq = -1;
        for (int k = i; k < zero; k++) {
          if (block[k] == '=') {
            eq = k;
            break;
          }
        }
        if (eq > i && eq + 1 < zero) {
          String name = new String(block, i, eq - i, StandardCharsets.UTF_8);
          if (wanted.contains(name)) {
            byte[] stars = new byte[zero - eq - 1];
            Arrays.fill(stars, (byte) '*');
            mem.seek(start + eq + 1);
            mem.write(stars);
            cleared++;
          }
        }
        i = zero + 1;
      }
    }
    return cleared;
  }
}
