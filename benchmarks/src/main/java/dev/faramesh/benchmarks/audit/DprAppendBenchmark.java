package dev.faramesh.benchmarks.audit;

import dev.faramesh.audit.AuditVerifier;
import dev.faramesh.audit.AuditWriteException;
import dev.faramesh.audit.Canonicalization;
import dev.faramesh.audit.DprRecord;
import dev.faramesh.audit.DprWriter;
import dev.faramesh.audit.Durability;
import dev.faramesh.audit.VerificationResult;
import dev.faramesh.audit.WriterOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * DPR append throughput with durability on: 8 threads each appending records of their own agent (plus a
 * shared one) to one WAL, every append returning only after its record is fsynced. Runs group commit and
 * the one-fsync-per-record baseline (as the daemon does it: write and fsync under a mutex) in the same
 * run. The WAL goes to {@code -Dfaramesh.bench.dir} (default: the JVM temp dir), on the disk being
 * measured. At the end of each trial the WAL is verified, so a fast but broken chain cannot pass.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(8)
@Fork(1)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
public class DprAppendBenchmark {
    @Param({"GROUP_COMMIT", "PER_RECORD"})
    public Durability durability;

    /** Group commit only: fsyncs allowed in flight at once (see {@link WriterOptions#concurrentSyncs()}). */
    @Param({"1"})
    public int concurrentSyncs;

    private Path dir;
    private DprWriter writer;
    private final AtomicInteger threadIds = new AtomicInteger();

    @Setup(Level.Trial)
    public void open() throws IOException, AuditWriteException {
        Path base = Path.of(System.getProperty("faramesh.bench.dir", System.getProperty("java.io.tmpdir")));
        dir = Files.createTempDirectory(Files.createDirectories(base), "dpr-append-");
        writer = DprWriter.open(dir, WriterOptions.defaults().withDurability(durability)
                .withCanonicalization(Canonicalization.FULL_JCS).withConcurrentSyncs(concurrentSyncs));
    }

    @TearDown(Level.Trial)
    public void closeAndVerify() throws IOException, AuditWriteException {
        writer.close();
        VerificationResult result = AuditVerifier.verify(dir);
        if (!result.valid()) {
            throw new IllegalStateException("benchmark WAL does not verify: " + result.summary());
        }
        System.out.println("\n[verified] " + result.summary() + " (" + durability + ")");
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** One benchmark thread: its own agent id and a counter for varying records. */
    @State(Scope.Thread)
    public static class Agent {
        String agentId;
        long n;

        @Setup(Level.Trial)
        public void name(DprAppendBenchmark bench) {
            agentId = "agent-" + bench.threadIds.incrementAndGet();
        }

        DprRecord next() {
            n++;
            boolean deny = n % 10 == 0;
            return DprRecord.builder()
                    .agentId(n % 4 == 0 ? "shared-agent" : agentId)
                    .sessionId("session-1")
                    .toolId("stripe/refund")
                    .actionType("tool_call")
                    .interceptAdapter("sdk")
                    .principalIdHash("3b0a5c6d7e8f9012")
                    .effect(deny ? "DENY" : "PERMIT")
                    .matchedRuleId(deny ? "fpl-0" : "fpl-3")
                    .ruleRef("governance.fms:12:5")
                    .reasonCode(deny ? "RULE_DENY" : "RULE_PERMIT")
                    .reason(deny ? "refund above the approval limit" : "refund within limit")
                    .callId(agentId + "-" + n)
                    .policyVersion("a1b2c3d4e5f60718")
                    .argsStructuralSig("8dfd58bdf94bd190")
                    .build();
        }
    }

    @Benchmark
    public DprRecord append(Agent agent) throws AuditWriteException {
        return writer.append(agent.next());
    }
}
