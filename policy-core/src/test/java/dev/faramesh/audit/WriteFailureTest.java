package dev.faramesh.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Real write failures: the live WAL is a symlink to /dev/full, whose writes fail with ENOSPC. The append
 * must throw {@link AuditWriteException} and leave every chain where the durable records end.
 */
class WriteFailureTest {
    @TempDir
    Path tmp;

    @BeforeEach
    void needsDevFull() {
        assumeTrue(Files.isWritable(Path.of("/dev/full")), "/dev/full is not available here");
    }

    private Path walOnDevFull(Path dir) throws Exception {
        Files.createDirectories(dir);
        Files.createSymbolicLink(dir.resolve("faramesh.wal"), Path.of("/dev/full"));
        return dir;
    }

    @ParameterizedTest
    @EnumSource(Durability.class)
    void aFailedWriteThrowsAndLeavesNoHalfLinkedChain(Durability durability) throws Exception {
        // Real records in an archive give the agent a chain tip to fall back to.
        Path seed = tmp.resolve("seed");
        DprRecord last;
        try (DprWriter w = DprWriter.open(seed)) {
            w.append(Records.full("payments-bot", 1));
            last = w.append(Records.full("payments-bot", 2));
        }
        Path dir = walOnDevFull(tmp.resolve("full"));
        Files.copy(seed.resolve("faramesh.wal"), dir.resolve("faramesh.wal.0000000000000000001.bak"));

        try (DprWriter w = DprWriter.open(dir, WriterOptions.defaults().withDurability(durability))) {
            assertThat(w.tip("payments-bot")).isEqualTo(new ChainTip(last.recordHash(), 2));
            assertThatThrownBy(() -> w.append(Records.full("payments-bot", 3)))
                    .isInstanceOf(AuditWriteException.class)
                    .hasMessageContaining("No space left on device");
            assertThat(w.tip("payments-bot")).isEqualTo(new ChainTip(last.recordHash(), 2));
            assertThat(w.tip("new-agent")).isEqualTo(new ChainTip(ChainGenesis.prevHashFor("new-agent"), 0));
            // later appends fail too (the device stays full), and never hang
            assertThatThrownBy(() -> w.append(Records.minimal("new-agent"))).isInstanceOf(AuditWriteException.class);
            assertThat(w.tip("new-agent").lamportSeq()).isZero();
        }
    }

    @Test
    void concurrentAppendsAllFailAndNoneHangs() throws Exception {
        Path dir = walOnDevFull(tmp.resolve("full"));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (DprWriter w = DprWriter.open(dir)) {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    int failures = 0;
                    for (int i = 0; i < 50; i++) {
                        try {
                            w.append(Records.minimal(thread % 2 == 0 ? "shared" : "own-" + thread));
                        } catch (AuditWriteException e) {
                            failures++;
                        }
                    }
                    return failures;
                }));
            }
            int failures = 0;
            for (Future<Integer> f : futures) {
                failures += f.get(1, TimeUnit.MINUTES);
            }
            assertThat(failures).isEqualTo(8 * 50);
            assertThat(w.tip("shared").lamportSeq()).isZero();
        } finally {
            pool.shutdownNow();
        }
    }
}
