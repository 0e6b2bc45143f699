package dev.faramesh.agent.decision;

import dev.faramesh.bootstrap.FarameshDeniedException;
import dev.faramesh.bootstrap.FarameshDeniedIOException;
import dev.faramesh.policy.CredentialBinding;
import dev.faramesh.policy.Decision;
import dev.faramesh.policy.Effect;
import java.util.List;

/**
 * The outcome of one recorded decision as an interceptor acts on it: whether the call goes on,
 * the credentials it may carry, and for a refused call the denial exception to surface. A
 * {@code DEFER} refuses the call: this agent has no approval flow to wait on.
 */
public final class Verdict {

  private final String toolId;
  private final Decision decision;
  private final List<CredentialBinding> credentials;

  Verdict(String toolId, Decision decision, List<CredentialBinding> credentials) {
    this.toolId = toolId;
    this.decision = decision;
    this.credentials = credentials;
  }

  /** A refusal decided without the decision point (nothing recorded it: the agent is not started). */
  public static Verdict unrecorded(String toolId, Decision deny) {
    return new Verdict(toolId, deny, List.of());
  }

  public boolean allowed() {
    return decision.allowsCall();
  }

  public Decision decision() {
    return decision;
  }

  /** The credentials the permitted call may carry, narrowed to its destination. */
  public List<CredentialBinding> credentials() {
    return credentials;
  }

  /** The exception for a refused call where the API declares {@code IOException}. */
  public FarameshDeniedIOException ioDenial(String target) {
    return new FarameshDeniedIOException(toolId, target, decision.ruleId(), ref(), decision.reasonCode(), reason());
  }

  /** The exception for a refused call where no checked exception fits. */
  public FarameshDeniedException denial(String target) {
    return new FarameshDeniedException(toolId, target, decision.ruleId(), ref(), decision.reasonCode(), reason());
  }

  private String ref() {
    return decision.ruleRef() == null ? "" : decision.ruleRef().toString();
  }

  private String reason() {
    String r = decision.reason();
    if (decision.effect() == Effect.DEFER) {
      return (r.isEmpty() ? "" : r + "; ") + "held for approval, which the in-process agent cannot wait for";
    }
    return r;
  }
}
