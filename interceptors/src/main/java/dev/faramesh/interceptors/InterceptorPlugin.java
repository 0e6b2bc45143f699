package dev.faramesh.interceptors;

import dev.faramesh.bootstrap.ToolCallRefusal;
import java.util.List;

/**
 * One interception target: the {@link Hook}s that put its advice into the target's methods.
 * Implementations are listed in {@code META-INF/services/dev.faramesh.interceptors.InterceptorPlugin}
 * and found with {@link java.util.ServiceLoader}; each lives in its own package
 * {@code dev.faramesh.interceptors.<target>} together with its advice classes. Advice contains no
 * logic: it gathers arguments and calls {@code dev.faramesh.bootstrap.Faramesh}. The agent weaves
 * hooks by exact type name, so every other class load costs it one hash lookup; hooks on subtypes
 * cost a look at the class header, and only in class loaders that can see the hooked type.
 *
 * <p>Third-party plugins (jars in the agent's {@code plugins} directory) write no advice: they
 * declare {@link #toolHooks()}, and the agent's own advice asks {@link #toolCall} what each
 * intercepted call is and, when the policy refuses it, {@link #refusal} what the caller gets
 * instead. See {@code docs/PLUGINS.md}.
 */
public interface InterceptorPlugin {

  /** A short name for logs and for switching the plugin off ({@code jdk-httpclient}). */
  String name();

  /** The advice this plugin inlines, at most a few hooks per type. */
  default List<Hook> hooks() {
    return List.of();
  }

  /**
   * Whether the agent installs this plugin only when it is first needed rather than at start-up
   * ({@code thread-handoff}: when the first logical agent is spawned), so a process that never
   * needs it pays nothing for it, neither at start-up nor per call.
   */
  default boolean onDemand() {
    return false;
  }

  /** Calls of interface methods to reroute through the bridge (see {@link CallSite}). */
  default List<CallSite> callSites() {
    return List.of();
  }

  /** Tool-call methods governed through the agent's own advice (third-party plugins). */
  default List<ToolHook> toolHooks() {
    return List.of();
  }

  /**
   * What an intercepted call of {@code hook} is: {@code target} is the receiver ({@code null} for
   * a static method), {@code arguments} the method's arguments. {@code null}: not a tool call,
   * let it run undecided.
   */
  default ToolCall toolCall(ToolHook hook, Object target, Object[] arguments) {
    return null;
  }

  /**
   * What the caller gets when the policy refuses the call; {@code message} says which rule refused
   * it and why. By default the method returns the message (right for tools that return text).
   */
  default ToolCallRefusal refusal(ToolHook hook, Object target, Object[] arguments, String message) {
    return ToolCallRefusal.returning(message);
  }
}
