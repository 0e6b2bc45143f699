package dev.faramesh.agent.env;

import dev.faramesh.agent.identity.delegation.RemoteBudget;
import dev.faramesh.broker.AmbientCredentials;
import dev.faramesh.policy.Glob;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Environment variables that hold credentials but are not brokered: the well-known ambient
 * credential names and the policy's {@code runtime { strip_env = [...] }} patterns. The
 * application and its children do not see them at all; nor the delegation token and the budget
 * grant ({@link RemoteBudget}) a worker process was started with.
 */
final class HiddenVariables {

  /** The ambient credentials Faramesh strips by default (shared with faramesh run). */
  static final Set<String> AMBIENT = AmbientCredentials.NAMES;

  /** The delegation token this process was started with: for the agent only, never the app or its children. */
  static final String DELEGATION = "FARAMESH_DELEGATION";

  private final List<Glob> patterns = new ArrayList<>();

  HiddenVariables(List<String> stripPatterns) {
    for (String p : stripPatterns) {
      patterns.add(Glob.path(p));
    }
  }

  boolean hidden(String name) {
    if (AmbientCredentials.contains(name) || DELEGATION.equals(name) || RemoteBudget.VARIABLES.contains(name)) {
      return true;
    }
    for (Glob g : patterns) {
      if (g.matches(name)) {
        return true;
      }
    }
    return false;
  }
}
