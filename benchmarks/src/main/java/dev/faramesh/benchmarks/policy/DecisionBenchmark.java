package dev.faramesh.benchmarks.policy;

import dev.faramesh.policy.Action;
import dev.faramesh.policy.Decision;
import dev.faramesh.policy.Policy;
import dev.faramesh.policy.PolicyEngine;
import dev.faramesh.policy.Principal;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decision latency on a generated policy of {@code agents} x {@code rules}. The 1 x 4 policy is the
 * baseline run side by side: the ratio shows that decisions do not get slower with rules that
 * cannot match. Run with {@code -prof gc} to see allocation per decision.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.SampleTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class DecisionBenchmark {

  @Param({"100x50", "1x4"})
  public String shape;

  private PolicyEngine engine;
  private Principal principal;
  private Action free;
  private Action conditional;
  private Action unmatched;
  private Action httpPermit;

  @Setup
  public void setup() throws Exception {
    String[] dims = shape.split("x");
    int agents = Integer.parseInt(dims[0]);
    int rules = Integer.parseInt(dims[1]);
    engine = PolicyEngine.of(Policy.parse("bench.fms", GeneratedPolicy.text(agents, rules)));
    principal = Principal.builder("agent-" + (agents / 2), "spiffe://bench/agent")
        .verified(true).method("spiffe").claims(Map.of("role", "agent", "tenant", "t2")).build();
    free = Action.tool("free_tool", Map.of(), "bench");
    conditional = Action.tool(rules > 4 ? "tool_25" : "tool_0", Map.of("amount", 42, "force", false), "bench");
    unmatched = Action.tool("no_such_tool", Map.of(), "bench");
    httpPermit = Action.http(new dev.faramesh.policy.HttpTarget("https", "svc3.example.com", 443, "GET", "/v1/items", null), "bench");
    check(engine.decide(free, principal), "PERMIT");
    check(engine.decide(unmatched, principal), "DENY");
  }

  private static void check(Decision d, String effect) {
    if (!d.effect().name().equals(effect)) {
      throw new IllegalStateException("benchmark policy does not decide as intended: " + d);
    }
  }

  @Benchmark
  public Decision permitConditionFree() {
    return engine.decide(free, principal);
  }

  @Benchmark
  public Decision permitWithCondition() {
    return engine.decide(conditional, principal);
  }

  @Benchmark
  public Decision defaultDeny() {
    return engine.decide(unmatched, principal);
  }

  @Benchmark
  public Decision httpClausePermit() {
    return engine.decide(httpPermit, principal);
  }
}
