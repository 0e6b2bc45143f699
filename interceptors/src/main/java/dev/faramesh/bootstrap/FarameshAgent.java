package dev.faramesh.bootstrap;

import java.util.concurrent.Callable;

/**
 * A logical agent of this process, bound to its own attestation: what
 * {@code Faramesh.agent("worker-research")} returns. Code run through {@link #run} or {@link #call}
 * is decided as that agent (its policy block, its verified identity, its budgets, and the
 * supervisor's budgets it was delegated), on the calling thread and in the work it hands to other
 * threads: executors, {@code ForkJoinPool}, {@code CompletableFuture}'s asynchronous stages,
 * threads it starts, and the {@code HttpClient}'s redirects (see {@link AgentHandoff}).
 */
public final class FarameshAgent {

  private final String id;
  private final Agents agents;
  private final Object handle;

  FarameshAgent(String id, Agents agents, Object handle) {
    this.id = id;
    this.agents = agents;
    this.handle = handle;
  }

  /** The agent label (the policy's {@code agent} block this agent is governed by). */
  public String id() {
    return id;
  }

  /** Runs {@code task} on this thread as this agent. */
  public void run(Runnable task) {
    if (agents == null) {
      task.run();
      return;
    }
    Object previous = agents.enter(handle);
    try {
      task.run();
    } finally {
      agents.exit(previous);
    }
  }

  /** Calls {@code task} on this thread as this agent and returns its result. */
  public <T> T call(Callable<T> task) throws Exception {
    if (agents == null) {
      return task.call();
    }
    Object previous = agents.enter(handle);
    try {
      return task.call();
    } finally {
      agents.exit(previous);
    }
  }

  @Override
  public String toString() {
    return "FarameshAgent[" + id + "]";
  }
}
