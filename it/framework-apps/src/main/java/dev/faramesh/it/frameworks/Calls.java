package dev.faramesh.it.frameworks;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * Reflective calls for the few places where the framework versions of the matrix differ (builder
 * method names, constructor shapes): a method is picked by name and by whether the arguments fit
 * its parameters, so one compiled app runs on every version.
 */
public final class Calls {

  private Calls() {}

  /** An app's body. */
  public interface Body {
    void run() throws Exception;
  }

  /**
   * Runs an app's body and exits: 0 when it returns, 1 (after {@code APP FAILED} and the stack
   * trace) when it throws, so that threads a framework leaves behind (reactor, HTTP pools, an MCP
   * server's reader) never keep a failed run alive until the test's timeout.
   */
  public static void exiting(Body body) {
    int status = 0;
    try {
      body.run();
    } catch (Throwable t) {
      System.out.println("APP FAILED " + t);
      t.printStackTrace();
      status = 1;
    }
    System.out.flush();
    System.exit(status);
  }

  public static Object call(Object target, String name, Object... args) {
    return invoke(target.getClass(), target, name, args);
  }

  public static Object callStatic(String type, String name, Object... args) {
    try {
      return invoke(Class.forName(type), null, name, args);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether {@code target} has a public method {@code name} (of any arity). */
  public static boolean has(Object target, String name) {
    for (Method m : target.getClass().getMethods()) {
      if (m.getName().equals(name)) {
        return true;
      }
    }
    return false;
  }

  private static Object invoke(Class<?> type, Object target, String name, Object[] args) {
    for (Method m : type.getMethods()) {
      if (m.getName().equals(name) && fits(m.getParameterTypes(), args)
          && (target != null || Modifier.isStatic(m.getModifiers()))) {
        try {
          m.setAccessible(true);
          return m.invoke(target, args);
        } catch (InvocationTargetException e) {
          Throwable c = e.getCause();
          throw c instanceof RuntimeException r ? r : new IllegalStateException(c);
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    throw new IllegalStateException("no method " + type.getName() + "." + name + " for " + args.length + " arguments");
  }

  private static boolean fits(Class<?>[] params, Object[] args) {
    if (params.length != args.length) {
      return false;
    }
    for (int i = 0; i < params.length; i++) {
      Class<?> p = params[i].isPrimitive() ? box(params[i]) : params[i];
      if (args[i] != null && !p.isInstance(args[i])) {
        return false;
      }
    }
    return true;
  }

  private static Class<?> box(Class<?> p) {
    if (p == int.class) {
      return Integer.class;
    }
    if (p == boolean.class) {
      return Boolean.class;
    }
    if (p == long.class) {
      return Long.class;
    }
    if (p == double.class) {
      return Double.class;
    }
    return p;
  }
}
