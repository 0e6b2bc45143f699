package dev.faramesh.policy.condition;

import dev.faramesh.policy.Action;
import dev.faramesh.policy.Principal;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Map;

/**
 * Everything a condition can read for one decision: the action and its arguments, the verified
 * principal, the caller's session, the agent's {@code var}s and the time (UTC). One instance per
 * decision that evaluates a condition.
 */
public final class EvalContext {

  private final Action action;
  private final Principal principal;
  private final SessionView session;
  private final Map<String, Object> vars;
  private final long nowMillis;
  private ZonedDateTime time;

  public EvalContext(Action action, Principal principal, SessionView session, Map<String, Object> vars, long nowMillis) {
    this.action = action;
    this.principal = principal;
    this.session = session == null ? SessionView.EMPTY : session;
    this.vars = vars == null ? Map.of() : vars;
    this.nowMillis = nowMillis;
  }

  public Action action() { return action; }
  public Principal principal() { return principal; }
  public SessionView session() { return session; }
  public Map<String, Object> vars() { return vars; }
  public long nowMillis() { return nowMillis; }

  ZonedDateTime time() {
    if (time == null) {
      time = java.time.Instant.ofEpochMilli(nowMillis).atZone(ZoneOffset.UTC);
    }
    return time;
  }
}
