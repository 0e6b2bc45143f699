package dev.faramesh.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Eight threads appending at once keep every agent's chain valid and every lamport sequence gapless. */
class ConcurrentAppendTest {
    private static final int THREADS = 8;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Durability.class)
    void eightThreadsKeepEveryChainValid(Durability durability) throws Exception {
        int perThread = durability == Durability.GROUP_COMMIT ? 2500 : 150;
        ConcurrentLinkedQueue<DprRecord> acknowledged = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        try (DprWriter w = DprWriter.open(dir, WriterOptions.defaults().withDurability(durability))) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        // three shared agents plus one per thread: chains interleave within and across threads
                        String agent = i % 2 == 0 ? "shared-" + (i % 3) : "own-" + thread;
                        acknowledged.add(w.append(Records.full(agent, i)));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        int total = THREADS * perThread;
        assertThat(acknowledged).hasSize(total);

        VerificationResult result = AuditVerifier.verify(dir);
        assertThat(result.violation()).isEmpty();
        assertThat(result.records()).isEqualTo(total);

        Map<String, List<Long>> seqByAgent = new HashMap<>();
        AuditReader.forEach(dir, e -> seqByAgent.computeIfAbsent(e.record().agentId(), k -> new ArrayList<>())
                .add(e.record().lamportSeq()));
        assertThat(seqByAgent).hasSize(3 + THREADS);
        seqByAgent.forEach((agent, seqs) -> {
            for (int i = 0; i < seqs.size(); i++) {
                assertThat(seqs.get(i)).as("lamport_seq of %s record %d", agent, i).isEqualTo(i + 1L);
            }
        });
        for (DprRecord r : acknowledged) {
            assertThat(result.tipsByAgent()).containsKey(r.agentId());
        }
    }

    @Test
    void overlappingSyncsKeepEveryChainValid() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try (DprWriter w = DprWriter.open(dir, WriterOptions.defaults().withConcurrentSyncs(4))) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 400; i++) {
                        w.append(Records.minimal("agent-" + (i % 5)));
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        VerificationResult result = AuditVerifier.verify(dir);
        assertThat(result.violation()).isEmpty();
        assertThat(result.records()).isEqualTo(THREADS * 400);
    }

    /** Median cost of write+fdatasync in the test directory; near zero on tmpfs, where nothing needs sharing. */
    private long medianFsyncMicros() throws Exception {
        long[] samples = new long[9];
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(dir.resolve("probe"),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE)) {
            for (int i = 0; i < samples.length; i++) {
                long t0 = System.nanoTime();
                ch.write(java.nio.ByteBuffer.allocate(512), i * 512L);
                ch.force(false);
                samples[i] = (System.nanoTime() - t0) / 1000;
            }
        }
        java.util.Arrays.sort(samples);
        return samples[samples.length / 2];
    }

    @Test
    void groupCommitSharesFsyncsAcrossThreads() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(medianFsyncMicros() >= 20,
                "fsync is nearly free here (tmpfs?): appends finish before they could share one");
        int perThread = 300;
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        long syncs;
        try (DprWriter w = DprWriter.open(dir)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        w.append(Records.minimal("agent-" + thread));
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(2, TimeUnit.MINUTES);
            }
            syncs = w.groupSyncCount();
        } finally {
            pool.shutdownNow();
        }
        // one fsync per record would be THREADS * perThread; batches of 8 would be an eighth of it
        assertThat(syncs).isPositive().isLessThan(THREADS * perThread / 2);
        assertThat(AuditVerifier.verify(dir).records()).isEqualTo(THREADS * perThread);
    }
}
