package dev.faramesh.it.apps;

import dev.faramesh.bootstrap.Faramesh;
import dev.faramesh.bootstrap.FarameshAgent;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Measures what carrying a logical agent across threads costs ({@code docs/BENCHMARKS.md}, "Logical
 * agents across threads"): submit-and-wait plus {@code supplyAsync}-and-wait on a one-thread pool,
 * best of 15 rounds, before any worker exists, then the first {@code Faramesh.agent("worker")}, then
 * the same loop as the JVM's agent and inside the worker. Run with and without the agent; its policy
 * must let the JVM's agent spawn {@code worker}.
 */
public final class HandoffProbe {

  private static final ExecutorService POOL = Executors.newSingleThreadExecutor();
  private static volatile long sink;

  private HandoffProbe() {}

  static double round(int n) throws Exception {
    long t = System.nanoTime();
    for (int i = 0; i < n; i++) {
      sink += POOL.submit(() -> 1).get();
      CompletableFuture.supplyAsync(() -> 2, POOL).get();
    }
    return (System.nanoTime() - t) / 1e3 / n;
  }

  static double best(int n) throws Exception {
    double b = Double.MAX_VALUE;
    for (int i = 0; i < 15; i++) b = Math.min(b, round(n));
    return b;
  }

  public static void main(String[] args) throws Exception {
    best(20000);
    System.out.printf("before any worker: %.2f us per submit+supplyAsync pair%n", best(20000));
    long t = System.nanoTime();
    FarameshAgent w = null;
    try { w = Faramesh.agent("worker"); } catch (RuntimeException e) { System.out.println("spawn: " + e); }
    System.out.printf("first Faramesh.agent: %.1f ms%n", (System.nanoTime() - t) / 1e6);
    t = System.nanoTime();
    try { Faramesh.agent("worker"); } catch (RuntimeException e) { }
    System.out.printf("second Faramesh.agent: %.2f ms%n", (System.nanoTime() - t) / 1e6);
    best(20000);
    System.out.printf("after, as the JVM's agent: %.2f us%n", best(20000));
    if (w != null) {
      double[] r = new double[1];
      w.call(() -> { best(20000); r[0] = best(20000); return null; });
      System.out.printf("after, inside the worker: %.2f us%n", r[0]);
    }
    POOL.shutdown();
  }
}
