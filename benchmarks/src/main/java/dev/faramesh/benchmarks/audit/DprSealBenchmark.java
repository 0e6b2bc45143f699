package dev.faramesh.benchmarks.audit;

import dev.faramesh.audit.ArgsSignature;
import dev.faramesh.audit.CanonicalizationException;
import dev.faramesh.audit.Canonicalization;
import dev.faramesh.audit.DprRecord;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The CPU cost an append adds to the decision path before any I/O, single-threaded: building a record,
 * computing its full canonical form and hash, and serializing the WAL payload.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class DprSealBenchmark {
    private final Map<String, Object> args = Map.of("amount", 80, "currency", "USD", "customer", Map.of("id", "c-1"));
    private final DprRecord record = build();

    private DprRecord build() {
        return DprRecord.builder()
                .agentId("payments-bot").sessionId("session-1").toolId("stripe/refund").actionType("tool_call")
                .interceptAdapter("sdk").principalIdHash("3b0a5c6d7e8f9012").effect("PERMIT").matchedRuleId("fpl-3")
                .ruleRef("governance.fms:12:5").reasonCode("RULE_PERMIT").reason("refund within limit")
                .policyVersion("a1b2c3d4e5f60718").args(args).build();
    }

    @Benchmark
    public DprRecord buildRecord() {
        return build();
    }

    @Benchmark
    public String hashFullCanonicalForm() throws CanonicalizationException {
        return Canonicalization.FULL_JCS.recordHash(record);
    }

    @Benchmark
    public byte[] serializePayload() {
        return record.toJson();
    }

    @Benchmark
    public String argsSignature() {
        return ArgsSignature.of(args);
    }
}
