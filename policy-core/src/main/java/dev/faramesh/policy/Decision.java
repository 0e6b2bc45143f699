package dev.faramesh.policy;

import java.util.List;

/**
 * The result of one decision: the effect, the rule that produced it ({@code ruleId} such as
 * {@code fpl-3} and {@code ruleRef} {@code governance.fms:12:5}), a stable reason code, the
 * policy's human reason, the credentials this action may use when permitted, and for rate-limit
 * denials how long to wait. In shadow and audit modes {@code actualEffect} keeps what the rules
 * really said. Instances for condition-free rules are built once at load time and shared.
 */
public final class Decision {

  private final Effect effect;
  private final Effect actualEffect;
  private final String ruleId;
  private final SourceRef ruleRef;
  private final String reasonCode;
  private final String reason;
  private final String notify;
  private final long retryAfterSeconds;
  private final List<CredentialBinding> credentials;

  public Decision(Effect effect, Effect actualEffect, String ruleId, SourceRef ruleRef, String reasonCode,
      String reason, String notify, long retryAfterSeconds, List<CredentialBinding> credentials) {
    this.effect = effect;
    this.actualEffect = actualEffect == null ? effect : actualEffect;
    this.ruleId = ruleId == null ? "" : ruleId;
    this.ruleRef = ruleRef;
    this.reasonCode = reasonCode;
    this.reason = reason == null ? "" : reason;
    this.notify = notify;
    this.retryAfterSeconds = retryAfterSeconds;
    this.credentials = credentials == null ? List.of() : credentials;
  }

  /** A denial not tied to a rule (evaluation error, unknown agent, expired identity, ...). */
  public static Decision deny(String reasonCode, String reason) {
    return new Decision(Effect.DENY, Effect.DENY, "", null, reasonCode, reason, null, 0, List.of());
  }

  public Effect effect() { return effect; }
  /** What the rules decided before shadow or audit mode let the call through. */
  public Effect actualEffect() { return actualEffect; }
  public String ruleId() { return ruleId; }
  /** Where the matched rule is written, or {@code null} when no rule matched. */
  public SourceRef ruleRef() { return ruleRef; }
  public String reasonCode() { return reasonCode; }
  public String reason() { return reason; }
  /** The rule's {@code notify:} target, or {@code null}. */
  public String notifyTarget() { return notify; }
  /** Seconds until a rate-limited call may be retried; 0 when not rate limited. */
  public long retryAfterSeconds() { return retryAfterSeconds; }
  /** The bindings a permitted action may have substituted; empty for non-permits. */
  public List<CredentialBinding> credentials() { return credentials; }

  public boolean allowsCall() {
    return effect.allowsCall();
  }

  /** The same decision with its effect turned into {@code SHADOW_PERMIT}, keeping the real one. */
  public Decision asShadow(String code, String why) {
    return new Decision(Effect.SHADOW_PERMIT, actualEffect, ruleId, ruleRef, code, why, notify, retryAfterSeconds, credentials);
  }

  /** One line for denial messages: effect, rule, where it is written and why. */
  public String describe() {
    StringBuilder sb = new StringBuilder().append(effect);
    if (!ruleId.isEmpty()) {
      sb.append(" by rule ").append(ruleId);
      if (ruleRef != null) {
        sb.append(" (").append(ruleRef).append(')');
      }
    }
    sb.append(" [").append(reasonCode).append(']');
    if (!reason.isEmpty()) {
      sb.append(": ").append(reason);
    }
    if (retryAfterSeconds > 0) {
      sb.append(" (retry after ").append(retryAfterSeconds).append("s)");
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return describe();
  }
}
