package dev.faramesh.policy;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;

/**
 * What an agent is about to do, as the policy sees it: a tool id ({@code refund_payment},
 * {@code http/post}, {@code process/exec}, {@code mcp/<server>/<tool>}), its arguments as a
 * JSON-shaped map, for HTTP actions the {@link HttpTarget}, and the name of the interceptor that
 * saw the call. Immutable; the argument map is never copied on the decision path.
 */
public final class Action {

  private final String toolId;
  private final Map<String, Object> args;
  private final HttpTarget http;
  private final String adapter;
  private final String sessionId;

  private Action(String toolId, Map<String, Object> args, HttpTarget http, String adapter, String sessionId) {
    this.toolId = Objects.requireNonNull(toolId, "toolId");
    this.args = args == null ? Collections.emptyMap() : args;
    this.http = http;
    this.adapter = adapter == null ? "sdk" : adapter;
    this.sessionId = sessionId;
  }

  /** A framework tool call or any other named action. */
  public static Action tool(String toolId, Map<String, Object> args, String adapter) {
    return new Action(toolId, args, null, adapter, null);
  }

  /** An outgoing HTTP request; its tool id is {@code http/<method>}. */
  public static Action http(HttpTarget target, String adapter) {
    return new Action(target.toolId(), null, target, adapter, null);
  }

  /** The same action within a session (budgets with a session scope count per session). */
  public Action inSession(String session) {
    return new Action(toolId, args, http, adapter, session);
  }

  public String toolId() {
    return toolId;
  }

  public Map<String, Object> args() {
    return args;
  }

  /** The HTTP target, or {@code null} when this is not an HTTP action. */
  public HttpTarget http() {
    return http;
  }

  public String adapter() {
    return adapter;
  }

  /** The session id, or {@code null}. */
  public String sessionId() {
    return sessionId;
  }

  @Override
  public String toString() {
    return http == null ? toolId : toolId + " " + http.scheme() + "://" + http.host() + ":" + http.port() + http.path();
  }
}
