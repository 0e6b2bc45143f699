package dev.faramesh.agent.tool.plugin;

import dev.faramesh.agent.tool.ToolAdapter;
import dev.faramesh.bootstrap.FarameshDeniedException;
import dev.faramesh.bootstrap.ToolCallRefusal;
import dev.faramesh.interceptors.InterceptorPlugin;
import dev.faramesh.interceptors.ToolCall;
import dev.faramesh.interceptors.ToolHook;
import java.util.ArrayList;
import java.util.List;

/**
 * Tool calls of third-party {@link InterceptorPlugin}s. The agent's advice reports the intercepted
 * method as {@code "<type> <method><descriptor>"} with the receiver and the arguments; this finds
 * the plugin hook declaring that method (on the type itself or, for subtype hooks, on a supertype
 * of the receiver) and lets the plugin name the call and answer a refusal.
 */
public final class PluginTools implements ToolAdapter {

  private record Declared(InterceptorPlugin plugin, ToolHook hook) {}

  private final List<Declared> declared = new ArrayList<>();

  public PluginTools(List<InterceptorPlugin> plugins) {
    for (InterceptorPlugin p : plugins) {
      for (ToolHook h : p.toolHooks()) {
        declared.add(new Declared(p, h));
      }
    }
  }

  @Override
  public String name() {
    return "plugin";
  }

  @Override
  public ToolCall describe(Object origin, Object target, Object arguments) {
    Declared d = find((String) origin, target);
    return d == null ? null : d.plugin.toolCall(d.hook, target, (Object[]) arguments);
  }

  @Override
  public ToolCallRefusal refuse(Object origin, Object target, Object arguments, FarameshDeniedException denial) {
    Declared d = find((String) origin, target);
    return d == null ? ToolCallRefusal.returning(denial.getMessage())
        : d.plugin.refusal(d.hook, target, (Object[]) arguments, denial.getMessage());
  }

  private Declared find(String origin, Object target) {
    int space = origin.indexOf(' ');
    int paren = origin.indexOf('(');
    if (space < 0 || paren < space) {
      return null;
    }
    String type = origin.substring(0, space);
    String method = origin.substring(space + 1, paren);
    String descriptor = origin.substring(paren);
    for (Declared d : declared) {
      ToolHook h = d.hook;
      if (!h.methodName().equals(method) || (h.descriptor() != null && !h.descriptor().equals(descriptor))) {
        continue;
      }
      if (h.typeName().equals(type) || (h.subtypes() && target != null && isA(target.getClass(), h.typeName()))) {
        return d;
      }
    }
    return null;
  }

  private static boolean isA(Class<?> type, String name) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      if (c.getName().equals(name)) {
        return true;
      }
      for (Class<?> i : c.getInterfaces()) {
        if (isA(i, name)) {
          return true;
        }
      }
    }
    return false;
  }
}
