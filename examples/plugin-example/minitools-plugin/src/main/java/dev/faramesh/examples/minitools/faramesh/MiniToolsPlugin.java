package dev.faramesh.examples.minitools.faramesh;

import dev.faramesh.bootstrap.ToolCallRefusal;
import dev.faramesh.interceptors.InterceptorPlugin;
import dev.faramesh.interceptors.ToolCall;
import dev.faramesh.interceptors.ToolHook;
import java.lang.reflect.Constructor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Governs minitools: every {@code Toolbox.call(String tool, Map args)} becomes the action
 * {@code <namespace>/<tool>} ({@code ops/restart_service}) with the call's arguments, decided once
 * before the tool runs. A refused call throws minitools' own {@code ToolException}, which the
 * framework's callers already handle, with the policy's reason as its message.
 *
 * <p>This class is loaded by the agent's plugin loader, which cannot see the application's classes:
 * it names minitools' types as strings and reaches them through the objects it is handed.
 */
public final class MiniToolsPlugin implements InterceptorPlugin {

  static final String TOOLBOX = "dev.faramesh.examples.minitools.Toolbox";
  static final String TOOL_EXCEPTION = "dev.faramesh.examples.minitools.ToolException";

  @Override
  public String name() {
    return "minitools";
  }

  @Override
  public List<ToolHook> toolHooks() {
    return List.of(new ToolHook(TOOLBOX, "call", "(Ljava/lang/String;Ljava/util/Map;)Ljava/lang/String;", false));
  }

  @Override
  public ToolCall toolCall(ToolHook hook, Object toolbox, Object[] arguments) {
    String tool = (String) arguments[0];
    Map<String, Object> args = new LinkedHashMap<>();
    if (arguments[1] instanceof Map<?, ?> m) {
      m.forEach((k, v) -> args.put(String.valueOf(k), v));
    }
    return new ToolCall(namespace(toolbox) + "/" + tool, args);
  }

  @Override
  public ToolCallRefusal refusal(ToolHook hook, Object toolbox, Object[] arguments, String message) {
    try {
      Class<?> type = Class.forName(TOOL_EXCEPTION, false, toolbox.getClass().getClassLoader());
      Constructor<?> c = type.getConstructor(String.class);
      return ToolCallRefusal.throwing((Throwable) c.newInstance(message));
    } catch (ReflectiveOperationException | LinkageError e) {
      return ToolCallRefusal.returning(message); // an older minitools: answer with the text instead
    }
  }

  /** {@code Toolbox.namespace()}, called on the application's object. */
  private static String namespace(Object toolbox) {
    try {
      return (String) toolbox.getClass().getMethod("namespace").invoke(toolbox);
    } catch (ReflectiveOperationException e) {
      return "minitools";
    }
  }
}
