package dev.faramesh.agent.reflect;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * Reflective access to library objects the agent cannot link against: the agent's class loader
 * sees the JDK only, so OkHttp, Apache HttpClient, LangChain4j, Spring AI and MCP objects reach it
 * as {@code Object}. Methods are found by name and argument count on the object's class and its
 * supertypes (public ones first, so non-public implementation classes still work), and
 * {@link InvocationTargetException} is unwrapped so callers see the library's own exception.
 */
public final class Members {

  private Members() {}

  /** Calls the method {@code name} taking {@code args.length} arguments on {@code target}. */
  public static Object call(Object target, String name, Object... args) throws ReflectiveOperationException {
    Method m = find(target.getClass(), name, args);
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw e;
    }
  }

  /** Calls the static method {@code name} of {@code type}. */
  public static Object callStatic(Class<?> type, String name, Object... args) throws ReflectiveOperationException {
    Method m = find(type, name, args);
    return m.invoke(null, args);
  }

  /** The value of the field {@code name} declared by the object's class or a superclass. */
  public static Object field(Object target, String name) throws ReflectiveOperationException {
    for (Class<?> c = target.getClass(); c != null; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        if (f.getName().equals(name) && !Modifier.isStatic(f.getModifiers())) {
          f.setAccessible(true);
          return f.get(target);
        }
      }
    }
    throw new NoSuchFieldException(target.getClass().getName() + "." + name);
  }

  /** Loads {@code name} through the loader of {@code witness} (an object of the same library). */
  public static Class<?> type(Object witness, String name) throws ClassNotFoundException {
    return Class.forName(name, false, witness.getClass().getClassLoader());
  }

  private static Method find(Class<?> type, String name, Object[] args) throws NoSuchMethodException {
    Method fallback = null;
    for (Method m : type.getMethods()) {
      if (m.getName().equals(name) && accepts(m, args)) {
        if (Modifier.isPublic(m.getDeclaringClass().getModifiers())) {
          return m;
        }
        fallback = m;
      }
    }
    for (Class<?> c = type; c != null && fallback == null; c = c.getSuperclass()) {
      for (Method m : c.getDeclaredMethods()) {
        if (m.getName().equals(name) && accepts(m, args)) {
          fallback = m;
          break;
        }
      }
    }
    if (fallback == null) {
      throw new NoSuchMethodException(type.getName() + "." + name + " with " + args.length + " arguments");
    }
    fallback.setAccessible(true);
    return fallback;
  }

  private static boolean accepts(Method m, Object[] args) {
    Class<?>[] params = m.getParameterTypes();
    if (params.length != args.length) {
      return false;
    }
    for (int i = 0; i < params.length; i++) {
      if (args[i] != null && !params[i].isPrimitive() && !params[i].isInstance(args[i])) {
        return false;
      }
    }
    return true;
  }
}
