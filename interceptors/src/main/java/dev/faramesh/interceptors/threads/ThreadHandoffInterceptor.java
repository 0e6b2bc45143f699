package dev.faramesh.interceptors.threads;

import dev.faramesh.interceptors.Hook;
import dev.faramesh.interceptors.InterceptorPlugin;
import java.util.ArrayList;
import java.util.List;

/**
 * Work a thread hands to another thread, so that a logical agent ({@code Faramesh.agent}) stays
 * the agent its work is decided as. Tasks are bound where they are created or submitted:
 * {@code ThreadPoolExecutor.execute} (so every {@code Executors} pool, {@code submit},
 * {@code invokeAll}), {@code FutureTask}'s constructors (also {@code ScheduledThreadPoolExecutor}'s
 * tasks), the adapters {@code ForkJoinPool} wraps plain runnables and callables in, and the
 * functions of {@code CompletableFuture}'s {@code *Async} stages (default pool and given
 * executor). {@code Thread.start} (and a virtual thread's) makes the new thread act for the
 * starter's agent. The advice only passes the task to {@code AgentHandoff}. Installed on demand,
 * when the first logical agent is spawned: these are the JDK's hottest classes, and a process
 * without logical agents has nothing to carry.
 */
public final class ThreadHandoffInterceptor implements InterceptorPlugin {

  private static final String PACKAGE = ThreadHandoffInterceptor.class.getPackageName();
  private static final String RUNNABLE = PACKAGE + ".RunnableArgumentAdvice";
  private static final String CALLABLE = PACKAGE + ".CallableArgumentAdvice";
  private static final String FUTURE = "java.util.concurrent.CompletableFuture";
  private static final String TASK = "java.util.concurrent.ForkJoinTask$";

  /**
   * {@code CompletableFuture} stages whose function is the first argument, asynchronous and not:
   * a dependent stage runs on whichever thread completes its source (often a client's internal
   * thread), so it is bound to the agent that registered it.
   */
  private static final List<String> STAGES = List.of("supplyAsync", "runAsync", "thenApplyAsync",
      "thenAcceptAsync", "thenRunAsync", "thenComposeAsync", "whenCompleteAsync", "handleAsync",
      "exceptionallyAsync", "exceptionallyComposeAsync", "completeAsync", "thenApply", "thenAccept", "thenRun",
      "thenCompose", "whenComplete", "handle", "exceptionally", "exceptionallyCompose");
  /** Stages over two futures, whose function is the second argument. */
  private static final List<String> PAIR_STAGES = List.of("thenCombineAsync", "thenAcceptBothAsync",
      "runAfterBothAsync", "applyToEitherAsync", "acceptEitherAsync", "runAfterEitherAsync", "thenCombine",
      "thenAcceptBoth", "runAfterBoth", "applyToEither", "acceptEither", "runAfterEither");

  @Override
  public String name() {
    return "thread-handoff";
  }

  @Override
  public boolean onDemand() {
    return true;
  }

  @Override
  public List<Hook> hooks() {
    List<Hook> hooks = new ArrayList<>();
    hooks.add(new Hook("java.util.concurrent.ThreadPoolExecutor", "execute", "(Ljava/lang/Runnable;)V",
        PACKAGE + ".ExecuteAdvice"));
    hooks.add(new Hook("java.util.concurrent.FutureTask", Hook.CONSTRUCTOR, "(Ljava/util/concurrent/Callable;)V",
        CALLABLE));
    hooks.add(new Hook("java.util.concurrent.FutureTask", Hook.CONSTRUCTOR, "(Ljava/lang/Runnable;Ljava/lang/Object;)V",
        RUNNABLE));
    // ForkJoinPool.execute/submit/invokeAll/invokeAny and ForkJoinTask.adapt wrap plain tasks in these
    hooks.add(new Hook(TASK + "AdaptedRunnable", Hook.CONSTRUCTOR, null, RUNNABLE));
    hooks.add(new Hook(TASK + "AdaptedRunnableAction", Hook.CONSTRUCTOR, null, RUNNABLE));
    hooks.add(new Hook(TASK + "RunnableExecuteAction", Hook.CONSTRUCTOR, null, RUNNABLE));
    hooks.add(new Hook(TASK + "AdaptedCallable", Hook.CONSTRUCTOR, null, CALLABLE));
    hooks.add(new Hook(TASK + "AdaptedInterruptibleCallable", Hook.CONSTRUCTOR, null, CALLABLE));
    hooks.add(Hook.optional(TASK + "AdaptedInterruptibleRunnable", Hook.CONSTRUCTOR, null, RUNNABLE));
    hooks.add(Hook.optional(TASK + "InvokeAnyTask", Hook.CONSTRUCTOR, null, CALLABLE));
    hooks.add(Hook.optional(TASK + "CallableWithTimeout", Hook.CONSTRUCTOR, null, CALLABLE));
    for (String stage : STAGES) {
      hooks.add(new Hook(FUTURE, stage, null, PACKAGE + ".AsyncStageAdvice"));
    }
    for (String stage : PAIR_STAGES) {
      hooks.add(new Hook(FUTURE, stage, null, PACKAGE + ".AsyncPairStageAdvice"));
    }
    hooks.add(new Hook("java.lang.Thread", "start", "()V", PACKAGE + ".ThreadStartAdvice"));
    // JDK 21+: ThreadPerTaskExecutor and structured concurrency start threads here; virtual
    // threads override both
    hooks.add(Hook.optional("java.lang.Thread", "start", "(Ljdk/internal/vm/ThreadContainer;)V",
        PACKAGE + ".ThreadStartAdvice"));
    hooks.add(Hook.optional("java.lang.VirtualThread", "start", null, PACKAGE + ".ThreadStartAdvice"));
    return hooks;
  }
}
