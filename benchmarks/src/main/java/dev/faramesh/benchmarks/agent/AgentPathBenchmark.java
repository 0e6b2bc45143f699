package dev.faramesh.benchmarks.agent;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The agent's CPU per intercepted {@code HttpClient} request without the HTTP exchange itself:
 * decision, one DPR appended and synced (group commit) and the wire hooks, single-threaded. The WAL
 * goes to {@code -Dfaramesh.bench.dir} (default {@code /dev/shm}, where an fsync costs almost
 * nothing, so the number is CPU); {@code wal=none} runs the same path with a recorder that keeps
 * nothing, which separates the DPR from interception and decision.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class AgentPathBenchmark {

  @Param({"wal", "none"})
  public String wal;

  private Path dir;
  private AgentPath path;

  @Setup(Level.Trial)
  public void open() throws Exception {
    Path base = Path.of(System.getProperty("faramesh.bench.dir", "/dev/shm"));
    dir = Files.createTempDirectory(Files.createDirectories(base), "agent-path-");
    path = new AgentPath("none".equals(wal) ? null : dir);
  }

  @TearDown(Level.Trial)
  public void close() throws Exception {
    path.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Benchmark
  public Object interceptedRequest() {
    return path.interceptedRequest();
  }
}
