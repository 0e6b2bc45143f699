package dev.faramesh.bootstrap;

import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;

/**
 * Carries the logical agent a thread acts for ({@link Faramesh#agent}) to the work it hands to
 * other threads: advice in the JDK's executors, {@code ForkJoinPool}, {@code CompletableFuture}'s
 * asynchronous stages and {@code Thread.start} passes the task here, and gets back a
 * {@link BoundTask} that runs it as the agent that submitted it, whichever thread runs it. Until
 * the first logical agent is attached every method returns its argument after one volatile read,
 * so applications that never call {@code Faramesh.agent} pay nothing more.
 *
 * <p>After that, every task is bound, also one submitted by a thread acting for the JVM's own
 * agent (it runs as that agent even on a thread that acts for a worker at the moment, e.g. one
 * helping a {@code ForkJoinPool}). Work the agent submits itself is left alone. JDK types only.
 */
public final class AgentHandoff {

  /** Set when the first logical agent is attached; {@code null} until then. */
  private static volatile Agents agents;

  private AgentHandoff() {}

  static void activate(Agents a) {
    agents = a;
  }

  /**
   * {@code ThreadPoolExecutor.execute}: {@code task} bound to the calling thread's agent, unless it
   * is a {@code FutureTask}, which was bound when it was created ({@code submit}, {@code invokeAll}).
   */
  public static Runnable executed(Runnable task) {
    return task instanceof FutureTask ? task : runnable(task);
  }

  /** {@code task} bound to the calling thread's agent ({@code FutureTask}, {@code ForkJoinPool}'s adapters). */
  public static Runnable runnable(Runnable task) {
    Agents a = agents;
    if (a == null || task == null || bound(task)) {
      return task;
    }
    return BoundTask.of(a, a.current(), task);
  }

  /** {@code task} bound to the calling thread's agent. */
  public static Callable<?> callable(Callable<?> task) {
    Agents a = agents;
    if (a == null || task == null || bound(task)) {
      return task;
    }
    return new BoundTask(a, a.current(), task);
  }

  /**
   * The function, supplier, consumer or runnable of a {@code CompletableFuture} asynchronous stage,
   * bound when the stage is created (not when its source completes, on whatever thread that is).
   */
  public static Object function(Object task) {
    Agents a = agents;
    if (a == null || task == null || bound(task)) {
      return task;
    }
    Object handle = a.current();
    return task instanceof BiFunction || task instanceof BiConsumer ? new BoundPairTask(a, handle, task)
        : new BoundTask(a, handle, task);
  }

  /** Already bound, or the agent's own work (which is never decided). */
  private static boolean bound(Object task) {
    return task instanceof BoundTask || task instanceof BoundFuture || task instanceof BoundPairTask
        || CallGuard.inside();
  }

  /** {@code Thread.start}: the new thread acts for the agent of the thread that starts it. */
  public static void threadStarting(Thread thread) {
    Agents a = agents;
    if (a == null || thread == null || CallGuard.inside()) {
      return;
    }
    try {
      a.threadStarting(thread);
    } catch (RuntimeException | LinkageError ignored) {
      // unbound: the thread acts for the JVM's agent, as before any logical agent existed
    }
  }
}
