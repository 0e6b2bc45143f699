package dev.faramesh.examples.minitools;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A minimal tool framework: objects with {@link Tool} methods are registered under a namespace and
 * every tool call, whoever makes it (an LLM loop, a script, a test), goes through
 * {@link #call(String, Map)} with named arguments. Compile tools with {@code -parameters}.
 */
public final class Toolbox {

  private record Entry(Object target, Method method) {}

  private final String namespace;
  private final Map<String, Entry> tools = new LinkedHashMap<>();

  public Toolbox(String namespace) {
    this.namespace = namespace;
  }

  public String namespace() {
    return namespace;
  }

  public Set<String> tools() {
    return tools.keySet();
  }

  /** Registers every {@link Tool} method of {@code target}. */
  public Toolbox register(Object target) {
    for (Method m : target.getClass().getMethods()) {
      Tool t = m.getAnnotation(Tool.class);
      if (t != null) {
        tools.put(t.value().isEmpty() ? m.getName() : t.value(), new Entry(target, m));
      }
    }
    return this;
  }

  /** Calls {@code tool} with named {@code args}; its result as text. */
  public String call(String tool, Map<String, Object> args) {
    Entry e = tools.get(tool);
    if (e == null) {
      throw new ToolException("no tool " + tool);
    }
    Parameter[] params = e.method.getParameters();
    Object[] values = new Object[params.length];
    for (int i = 0; i < params.length; i++) {
      values[i] = args.get(params[i].getName());
    }
    try {
      return String.valueOf(e.method.invoke(e.target, values));
    } catch (InvocationTargetException ex) {
      throw new ToolException(tool + " failed: " + ex.getCause().getMessage(), ex.getCause());
    } catch (IllegalAccessException | IllegalArgumentException ex) {
      throw new ToolException(tool + " cannot be called with " + args + ": " + ex.getMessage(), ex);
    }
  }
}
