package dev.faramesh.benchmarks.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Runs one per-request operation a fixed number of times for instruction counting under Valgrind's
 * callgrind, which gives numbers that stay stable on a machine where timings do not. It warms the
 * operation up (so the JIT has compiled it), then switches callgrind's instrumentation on around the
 * counted loop only, by running {@code callgrind_control} on its own process:
 *
 * <pre>
 * valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file=/tmp/cg.%p \
 *   java -XX:+UseSerialGC -cp benchmarks/target/benchmarks.jar \
 *   dev.faramesh.benchmarks.agent.InstructionProbe intercepted 20000 5000
 * </pre>
 *
 * The instructions of the counted loop divided by its iterations is the cost of one request
 * (GC included, amortised). Without callgrind it prints the wall and the process CPU time (every thread: the
 * group-commit syncer and GC included) per request of the counted loop, which on a busy machine is a
 * steadier measure than wall time; under callgrind the process halts right after the loop. Operations: {@code intercepted} (the agent's whole per-request path
 * with a WAL in {@code /dev/shm}), {@code intercepted-nowal} (the same without a DPR).
 */
public final class InstructionProbe {

  private InstructionProbe() {}

  public static void main(String[] args) throws Exception {
    String op = args[0];
    int warmup = Integer.parseInt(args[1]);
    int counted = Integer.parseInt(args[2]);
    Path dir = Files.createTempDirectory(Path.of(System.getProperty("faramesh.bench.dir", "/dev/shm")), "probe-");
    try (AgentPath path = new AgentPath("intercepted".equals(op) ? dir : null)) {
      Object sink = null;
      for (int i = 0; i < warmup; i++) {
        sink = path.interceptedRequest();
      }
      callgrind("-i", "on");
      com.sun.management.OperatingSystemMXBean os =
          (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
      long cpuStart = os.getProcessCpuTime();
      long start = System.nanoTime();
      for (int i = 0; i < counted; i++) {
        sink = path.interceptedRequest();
      }
      long ns = System.nanoTime() - start;
      long cpu = os.getProcessCpuTime() - cpuStart;
      // Batches of 1,000: on a shared machine the fastest batches are the ones nobody else interrupted,
      // so their time per request is the path's own cost (the median is printed alongside).
      int batches = Math.max(1, counted / 1000);
      long[] batchNs = new long[batches];
      for (int b = 0; b < batches; b++) {
        long t0 = System.nanoTime();
        for (int i = 0; i < 1000; i++) {
          sink = path.interceptedRequest();
        }
        batchNs[b] = System.nanoTime() - t0;
      }
      java.util.Arrays.sort(batchNs);
      System.out.println("op=" + op + " counted=" + counted + " ns_per_op=" + ns / counted
          + " cpu_ns_per_op=" + cpu / counted + " batch_min_ns_per_op=" + batchNs[0] / 1000
          + " batch_p10_ns_per_op=" + batchNs[batches / 10] / 1000 + " batch_median_ns_per_op="
          + batchNs[batches / 2] / 1000 + (sink == null ? "" : ""));
      if (Boolean.getBoolean("faramesh.probe.callgrind")) {
        // Switching instrumentation off again has crashed the JIT-compiled code under Valgrind; the
        // counted loop is complete, so the process ends here and its exit is not counted.
        System.out.flush();
        Runtime.getRuntime().halt(0);
      }
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** Switches callgrind's instrumentation of this process; does nothing when not under callgrind. */
  private static void callgrind(String... args) throws IOException, InterruptedException {
    if (!Boolean.getBoolean("faramesh.probe.callgrind")) {
      return;
    }
    String[] cmd = new String[args.length + 2];
    cmd[0] = "callgrind_control";
    System.arraycopy(args, 0, cmd, 1, args.length);
    cmd[cmd.length - 1] = Long.toString(ProcessHandle.current().pid());
    new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
  }
}
