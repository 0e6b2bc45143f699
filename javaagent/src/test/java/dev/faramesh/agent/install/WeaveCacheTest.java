package dev.faramesh.agent.install;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeaveCacheTest {

  @TempDir Path dir;

  @Test
  void returnsWhatWasStoredForExactlyTheSameOriginalBytes() {
    WeaveCache cache = WeaveCache.at(dir.resolve("weave"));
    byte[] original = {1, 2, 3, 4};
    byte[] woven = {9, 8, 7};
    assertThat(cache.get("a.B", original)).isNull();
    cache.put("a.B", original, woven);
    assertThat(cache.get("a.B", original)).containsExactly(woven);
    assertThat(cache.get("a.B", new byte[] {1, 2, 3, 5})).as("another JDK build's class").isNull();
    assertThat(cache.get("a.C", original)).isNull();
  }

  @Test
  void aDamagedEntryIsIgnored() throws Exception {
    WeaveCache cache = WeaveCache.at(dir);
    byte[] original = {1, 2, 3, 4};
    cache.put("a.B", original, new byte[] {9, 8, 7, 6, 5});
    Path entry;
    try (Stream<Path> files = Files.list(dir)) {
      entry = files.filter(p -> p.getFileName().toString().startsWith("a.B-")).findFirst().orElseThrow();
    }
    byte[] stored = Files.readAllBytes(entry);
    stored[stored.length - 1] ^= 1;
    Files.write(entry, stored);
    assertThat(cache.get("a.B", original)).isNull();
    Files.write(entry, new byte[] {1, 2});
    assertThat(cache.get("a.B", original)).isNull();
  }

  @Test
  void anUnwritableDirectoryOnlyMeansNoCache() throws Exception {
    Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
    WeaveCache cache = WeaveCache.at(file.resolve("weave"));
    cache.put("a.B", new byte[] {1}, new byte[] {2});
    assertThat(cache.get("a.B", new byte[] {1})).isNull();
    assertThat(WeaveCache.at(null)).isNull();
  }
}
