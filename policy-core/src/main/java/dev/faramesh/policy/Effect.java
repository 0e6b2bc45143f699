package dev.faramesh.policy;

/**
 * The outcome of a decision. {@code DEFER} means "needs an approval" and is blocking: nothing
 * deferred is ever executed by the agent. {@code SHADOW_PERMIT} is what shadow and audit modes
 * return for a call the rules would not have permitted; the record keeps the real outcome.
 */
public enum Effect {
  PERMIT,
  DENY,
  DEFER,
  SHADOW_PERMIT;

  /** Whether the intercepted call may proceed. */
  public boolean allowsCall() {
    return this == PERMIT || this == SHADOW_PERMIT;
  }
}
