package dev.faramesh.benchmarks.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Whole-process benchmarks of {@code faramesh.jar}: the same application with and without
 * {@code -javaagent}, run alternately in the same session so both see the same machine.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.faramesh.benchmarks.agent.WholeProcessBenchmark \
 *   startup|throughput --agent javaagent/target/faramesh.jar --apps it/agent-apps/target/agent-apps-*.jar \
 *   [--java /path/to/bin/java] [--runs 21] [--threads 1] [--warmup 5] [--measure 10] [--wal DIR]
 *   [--agent-jvm-args "-Dfaramesh.weave.cache=off"]
 * </pre>
 *
 * {@code startup} runs {@code StartupApp} (an HTTP server and one {@code HttpClient} call) and reports
 * the median wall time and peak RSS ({@code /usr/bin/time -f %M}) of each variant and their ratio.
 * {@code throughput} runs {@code ThroughputApp} and reports median requests per second. The agent's
 * policy permits the app's calls; its WAL goes to {@code --wal} (default: a temporary directory on
 * the same disk as the system temp directory).
 */
public final class WholeProcessBenchmark {

  private WholeProcessBenchmark() {}

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    String agent = option(args, "--agent", null);
    String apps = option(args, "--apps", null);
    String java = option(args, "--java", Path.of(System.getProperty("java.home"), "bin", "java").toString());
    int runs = Integer.parseInt(option(args, "--runs", "21"));
    Path work = Files.createTempDirectory("faramesh-bench");
    Files.writeString(work.resolve("governance.fms"),
        "agent bench {\n  default deny\n  rules {\n    permit http/get host \"127.0.0.1\"\n  }\n}\n");
    String wal = option(args, "--wal", work.resolve("wal").toString());
    List<String> agentArgs = new ArrayList<>();
    String extra = option(args, "--agent-jvm-args", "");
    if (!extra.isBlank()) {
      agentArgs.addAll(Arrays.asList(extra.trim().split("\\s+")));
    }
    agentArgs.add("-javaagent:" + agent + "=agent=bench,wal=" + wal);
    if ("startup".equals(mode)) {
      startup(java, apps, agentArgs, runs, work);
    } else {
      String threads = option(args, "--threads", "1");
      String warmup = option(args, "--warmup", "5");
      String measure = option(args, "--measure", "10");
      throughput(java, apps, agentArgs, runs, work, threads, warmup, measure);
    }
  }

  private static void startup(String java, String apps, List<String> agentArgs, int runs, Path work)
      throws Exception {
    List<Double> plainMs = new ArrayList<>();
    List<Double> agentMs = new ArrayList<>();
    List<Double> plainRss = new ArrayList<>();
    List<Double> agentRss = new ArrayList<>();
    for (int i = 0; i < runs + 1; i++) {
      double[] p = timed(java, List.of(), apps, "dev.faramesh.it.apps.StartupApp", List.of(), work);
      double[] a = timed(java, agentArgs, apps, "dev.faramesh.it.apps.StartupApp", List.of(), work);
      if (i == 0) {
        continue; // the first pair warms the page cache
      }
      plainMs.add(p[0]);
      plainRss.add(p[1]);
      agentMs.add(a[0]);
      agentRss.add(a[1]);
    }
    System.out.printf(Locale.ROOT, "startup runs=%d%n", runs);
    System.out.printf(Locale.ROOT, "without agent: median %.0f ms (min %.0f), peak RSS median %.1f MiB%n",
        median(plainMs), min(plainMs), median(plainRss) / 1024);
    System.out.printf(Locale.ROOT, "with agent:    median %.0f ms (min %.0f), peak RSS median %.1f MiB%n",
        median(agentMs), min(agentMs), median(agentRss) / 1024);
    System.out.printf(Locale.ROOT, "ratio wall %.2fx, RSS +%.1f MiB%n", median(agentMs) / median(plainMs),
        (median(agentRss) - median(plainRss)) / 1024);
  }

  private static void throughput(String java, String apps, List<String> agentArgs, int runs, Path work,
      String threads, String warmup, String measure) throws Exception {
    List<Double> plain = new ArrayList<>();
    List<Double> withAgent = new ArrayList<>();
    List<Double> plainCpu = new ArrayList<>();
    List<Double> agentCpu = new ArrayList<>();
    List<String> appArgs = List.of(threads, warmup, measure);
    for (int i = 0; i < runs; i++) {
      String p = run(java, List.of(), apps, "dev.faramesh.it.apps.ThroughputApp", appArgs, work);
      String a = run(java, agentArgs, apps, "dev.faramesh.it.apps.ThroughputApp", appArgs, work);
      plain.add(value(p, "requests_per_second="));
      withAgent.add(value(a, "requests_per_second="));
      plainCpu.add(value(p, "cpu_us_per_request="));
      agentCpu.add(value(a, "cpu_us_per_request="));
    }
    System.out.printf(Locale.ROOT, "throughput threads=%s runs=%d warmup=%ss measure=%ss%n", threads, runs, warmup,
        measure);
    System.out.printf(Locale.ROOT, "without agent: median %.0f req/s %s%n", median(plain), plain);
    System.out.printf(Locale.ROOT, "with agent:    median %.0f req/s %s%n", median(withAgent), withAgent);
    System.out.printf(Locale.ROOT, "overhead %.1f%% of throughput%n", 100 * (1 - median(withAgent) / median(plain)));
    System.out.printf(Locale.ROOT, "process CPU per request: %.0f us without, %.0f us with the agent (+%.0f us)%n",
        median(plainCpu), median(agentCpu), median(agentCpu) - median(plainCpu));
  }

  /** Wall milliseconds and peak RSS in KiB of one run. */
  private static double[] timed(String java, List<String> jvm, String apps, String main, List<String> appArgs,
      Path work) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("/usr/bin/time", "-f", "RSS_KB=%M"));
    cmd.addAll(command(java, jvm, apps, main, appArgs));
    long start = System.nanoTime();
    String out = exec(cmd, work);
    double ms = (System.nanoTime() - start) / 1e6;
    String rss = Arrays.stream(out.split("\n")).filter(l -> l.startsWith("RSS_KB=")).reduce((a, b) -> b)
        .orElseThrow(() -> new IllegalStateException("no RSS in output: " + out));
    return new double[] {ms, Double.parseDouble(rss.substring(7).trim())};
  }

  private static String run(String java, List<String> jvm, String apps, String main, List<String> appArgs,
      Path work) throws Exception {
    return exec(command(java, jvm, apps, main, appArgs), work);
  }

  private static List<String> command(String java, List<String> jvm, String apps, String main,
      List<String> appArgs) {
    List<String> cmd = new ArrayList<>();
    cmd.add(java);
    cmd.addAll(jvm);
    cmd.add("-cp");
    cmd.add(apps);
    cmd.add(main);
    cmd.addAll(appArgs);
    return cmd;
  }

  private static String exec(List<String> cmd, Path work) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("failed: " + cmd + "\n" + out);
    }
    return out;
  }

  private static double value(String out, String key) {
    for (String line : out.split("\n")) {
      if (line.startsWith(key)) {
        return Double.parseDouble(line.substring(key.length()));
      }
    }
    throw new IllegalStateException("no " + key + " in " + out);
  }

  private static double median(List<Double> values) {
    List<Double> s = new ArrayList<>(values);
    s.sort(null);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  private static double min(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
  }

  private static String option(String[] args, String name, String fallback) {
    for (int i = 1; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    if (fallback == null) {
      throw new IllegalArgumentException("missing " + name);
    }
    return fallback;
  }
}
