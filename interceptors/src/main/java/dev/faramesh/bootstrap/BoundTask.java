package dev.faramesh.bootstrap;

import java.util.concurrent.Callable;
import java.util.concurrent.RunnableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A task that runs as the agent that was current where it was created ({@link AgentHandoff}): it
 * binds the running thread to that agent, runs the task, and restores the thread's previous
 * binding in {@code finally}, so a pooled thread never keeps another agent's identity. One class
 * for the one-argument functional shapes the JDK hands between threads ({@link BoundPairTask} for
 * the two-argument ones); the task is called through the interface the caller uses.
 * {@code handle} {@code null} means the JVM's own agent.
 */
@SuppressWarnings({"rawtypes", "unchecked"})
class BoundTask implements Runnable, Callable, Supplier, Function, Consumer {

  private final Agents agents;
  private final Object handle;
  final Object task;

  BoundTask(Agents agents, Object handle, Object task) {
    this.agents = agents;
    this.handle = handle;
    this.task = task;
  }

  /** A runnable future stays one ({@code afterExecute} and {@code purge} look at the task as a future). */
  static Runnable of(Agents agents, Object handle, Runnable task) {
    return task instanceof RunnableFuture ? new BoundFuture(agents, handle, (RunnableFuture) task)
        : new BoundTask(agents, handle, task);
  }

  @Override
  public void run() {
    Object previous = agents.enter(handle);
    try {
      ((Runnable) task).run();
    } finally {
      agents.exit(previous);
    }
  }

  @Override
  public Object call() throws Exception {
    Object previous = agents.enter(handle);
    try {
      return ((Callable) task).call();
    } finally {
      agents.exit(previous);
    }
  }

  @Override
  public Object get() {
    Object previous = agents.enter(handle);
    try {
      return ((Supplier) task).get();
    } finally {
      agents.exit(previous);
    }
  }

  @Override
  public Object apply(Object t) {
    Object previous = agents.enter(handle);
    try {
      return ((Function) task).apply(t);
    } finally {
      agents.exit(previous);
    }
  }

  @Override
  public void accept(Object t) {
    Object previous = agents.enter(handle);
    try {
      ((Consumer) task).accept(t);
    } finally {
      agents.exit(previous);
    }
  }

  @Override
  public String toString() {
    return task.toString();
  }
}
