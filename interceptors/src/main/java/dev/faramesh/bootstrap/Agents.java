package dev.faramesh.bootstrap;

/**
 * The agent's side of {@link Faramesh#agent}: logical agents of one process, each attested on its
 * own. Implemented by the agent in its isolated class loader and installed with
 * {@link Faramesh#installAgents}; JDK types only, like {@link Dispatcher}. Implementations must
 * not throw except as documented.
 */
public interface Agents {

  /**
   * Attests {@code agentId} as a worker of the agent the calling thread acts for (a spawn, which
   * the supervisor's {@code spawn { allow }} must permit) and returns an opaque handle, or returns
   * the {@link FarameshDeniedException} that refuses it (spawn not allowed, attestation failed);
   * either way the decision is in the audit log.
   */
  Object attach(String agentId);

  /**
   * Binds the current thread to the agent of {@code handle} ({@code null}: the JVM's own agent);
   * returns what to hand to {@link #exit}.
   */
  Object enter(Object handle);

  /** Restores the binding {@link #enter} replaced. */
  void exit(Object previous);

  /**
   * The handle of the agent the calling thread acts for, {@code null} for the JVM's own agent: what
   * work handed to another thread carries there ({@link AgentHandoff}).
   */
  Object current();

  /** {@code thread} is being started by the calling thread and, unless it is a pool's, acts for its agent. */
  void threadStarting(Thread thread);
}
