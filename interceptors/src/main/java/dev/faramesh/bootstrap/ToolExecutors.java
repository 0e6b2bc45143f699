package dev.faramesh.bootstrap;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Runs a LangChain4j {@code ToolExecutor} through its public interface method, for the rewritten
 * call sites: the executor may be a lambda, a hidden class whose own methods cannot be reached by
 * name. Both package names of the interface are recognised. Exceptions of the executor reach the
 * caller unchanged, as they would from the original call.
 */
final class ToolExecutors {

  private static final String CURRENT = "dev.langchain4j.service.tool.ToolExecutor";
  private static final String BEFORE_0_33 = "dev.langchain4j.agent.tool.ToolExecutor";

  private ToolExecutors() {}

  static Object execute(Object executor, Object request, Object memoryId) throws Throwable {
    Method m = executeMethod(executor.getClass());
    if (m == null) {
      throw new IllegalStateException(executor.getClass().getName() + " is not a LangChain4j ToolExecutor");
    }
    try {
      return m.invoke(executor, request, memoryId);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static Method executeMethod(Class<?> type) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      for (Class<?> i : c.getInterfaces()) {
        Class<?> found = executorInterface(i);
        if (found != null) {
          for (Method m : found.getMethods()) {
            if (m.getName().equals("execute") && m.getParameterCount() == 2) {
              return m;
            }
          }
        }
      }
    }
    return null;
  }

  private static Class<?> executorInterface(Class<?> i) {
    if (i.getName().equals(CURRENT) || i.getName().equals(BEFORE_0_33)) {
      return i;
    }
    for (Class<?> parent : i.getInterfaces()) {
      Class<?> found = executorInterface(parent);
      if (found != null) {
        return found;
      }
    }
    return null;
  }
}
