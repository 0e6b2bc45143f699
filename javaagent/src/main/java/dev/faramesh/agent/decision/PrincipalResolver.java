package dev.faramesh.agent.decision;

import dev.faramesh.identity.IdentityException;
import dev.faramesh.policy.Principal;

/**
 * Who the decision being made on this thread is for: the JVM's own agent, or the logical agent
 * the thread is bound to ({@code Faramesh.agent("worker").run(...)}).
 */
public interface PrincipalResolver {

  /** The label of the agent the current thread acts for. */
  String currentAgentId();

  /** That agent's verified, current principal; the exception's reason code says why there is none. */
  Principal currentPrincipal() throws IdentityException;
}
