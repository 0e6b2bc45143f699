package dev.faramesh.agent.decision;

import dev.faramesh.policy.Action;
import dev.faramesh.policy.Decision;
import dev.faramesh.policy.Mode;
import dev.faramesh.policy.Principal;
import java.time.Instant;
import java.util.List;

/**
 * Everything one DPR is made from: the action, the principal it was decided for, the final
 * decision, the mode it was applied in, the network destination (HTTP only) and the names of the
 * credentials the call may carry. Never a credential value, never the arguments themselves.
 */
public record DecisionRecord(Action action, Principal principal, Decision decision, Mode mode, String policyVersion,
    String host, int port, List<String> credentials, Instant decidedAt) {

  public DecisionRecord {
    credentials = credentials == null ? List.of() : List.copyOf(credentials);
  }
}
