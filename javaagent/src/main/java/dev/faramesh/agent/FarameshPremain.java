package dev.faramesh.agent;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;

/**
 * The {@code Premain-Class} of {@code faramesh.jar}. It does as little as possible with JDK types
 * only: checks it is not attached twice, makes sure the {@code dev.faramesh.bootstrap} bridge is
 * visible to JDK classes (normally the manifest's {@code Boot-Class-Path: faramesh.jar} or the
 * launcher's {@code -Xbootclasspath/a:} already did; appending at run time works too, but makes
 * HotSpot print a CDS warning on stdout, so it is only the fallback for a renamed jar), opens the isolated {@link FarameshClassLoader} and hands over to the
 * engine's {@code dev.faramesh.agent.engine.AgentStarter}. If the agent cannot start, the JVM does
 * not run the application: the engine prints why and exits, and anything unexpected ends here the
 * same way, without a stack trace.
 */
public final class FarameshPremain {

  static final String ATTACHED = "faramesh.attached";
  static final int EXIT_INTERNAL = 70;

  private FarameshPremain() {}

  public static void premain(String args, Instrumentation inst) {
    if (System.getProperty(ATTACHED) != null) {
      System.err.println("faramesh: the agent is already attached to this JVM; ignoring the second -javaagent");
      return;
    }
    System.setProperty(ATTACHED, "true");
    try {
      AgentJar agentJar = AgentJar.locate();
      if (!bridgeOnBootPath()) {
        inst.appendToBootstrapClassLoaderSearch(agentJar.jar);
      }
      FarameshClassLoader loader = agentJar.classLoader();
      Class<?> starter = Class.forName("dev.faramesh.agent.engine.AgentStarter", true, loader);
      starter.getMethod("start", String.class, Instrumentation.class, Path.class)
          .invoke(null, args, inst, agentJar.file.toPath());
    } catch (InvocationTargetException e) {
      fail(e.getCause());
    } catch (Throwable t) {
      fail(t);
    }
  }

  /** Whether {@code -Xbootclasspath/a:faramesh.jar} already made the bridge boot-visible. */
  private static boolean bridgeOnBootPath() {
    try {
      Class.forName("dev.faramesh.bootstrap.Faramesh", false, null);
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  private static void fail(Throwable t) {
    System.err.println("faramesh: the agent could not start, so the application will not run: "
        + t.getClass().getName() + (t.getMessage() == null ? "" : ": " + t.getMessage()));
    System.err.flush();
    System.exit(EXIT_INTERNAL);
  }
}
