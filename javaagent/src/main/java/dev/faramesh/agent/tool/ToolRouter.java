package dev.faramesh.agent.tool;

import dev.faramesh.agent.decision.DecisionPoint;
import dev.faramesh.agent.decision.Verdict;
import dev.faramesh.bootstrap.FarameshDeniedException;
import dev.faramesh.bootstrap.ToolCallRefusal;
import dev.faramesh.broker.Broker;
import dev.faramesh.interceptors.ToolCall;
import dev.faramesh.policy.Action;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agent side of framework tool calls. The bridge calls it for the outermost intercepted frame
 * of each call only; the {@link ToolAdapter} registered for the interception point names the
 * call, the {@link DecisionPoint} decides and records it, and then: a refusal in the framework's
 * terms; for a permit with credentials a {@link ToolLease} bound to the thread until the call
 * returns; otherwise nothing. A call that cannot be read is refused rather than run undecided.
 */
public final class ToolRouter {

  private final DecisionPoint decisions;
  private final Broker broker;
  private final Map<String, ToolAdapter> adapters = new ConcurrentHashMap<>();

  public ToolRouter(DecisionPoint decisions, Broker broker) {
    this.decisions = decisions;
    this.broker = broker;
  }

  /** Routes the interception point {@code hook} to {@code adapter}. */
  public ToolRouter register(String hook, ToolAdapter adapter) {
    adapters.put(hook, adapter);
    return this;
  }

  /** See {@code Dispatcher.toolCall}. */
  public Object call(String hook, Object target, Object arg0, Object arg1) {
    ToolAdapter adapter = adapters.get(hook);
    if (adapter == null) {
      return null;
    }
    ToolCall call;
    try {
      call = adapter.describe(target, arg0, arg1);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return refuse(adapter, target, arg0, arg1, new FarameshDeniedException(adapter.name(), "", "", "",
          "INTERNAL_ERROR", "the faramesh agent could not read this tool call: " + e));
    }
    if (call == null) {
      return null;
    }
    Action action = Action.tool(call.toolId(), call.args(), adapter.name());
    Verdict verdict = decisions.decideTool(action);
    if (!verdict.allowed()) {
      return refuse(adapter, target, arg0, arg1, verdict.denial(""));
    }
    if (!verdict.credentials().isEmpty()) {
      return ToolLease.begin(broker, call.toolId(), verdict.credentials(), action);
    }
    return null;
  }

  /** See {@code Dispatcher.toolCallEnd}. */
  public void end(Object handle) {
    if (handle instanceof ToolLease) {
      ((ToolLease) handle).end();
    }
  }

  private static ToolCallRefusal refuse(ToolAdapter adapter, Object target, Object arg0, Object arg1,
      FarameshDeniedException denial) {
    try {
      return adapter.refuse(target, arg0, arg1, denial);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      // the framework's own refusal type could not be built: the denial itself is thrown
      return ToolCallRefusal.throwing(denial);
    }
  }
}
