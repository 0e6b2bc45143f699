package dev.faramesh.agent;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * The {@code Main-Class} of {@code faramesh.jar}: {@code java -jar faramesh.jar <command> ...}
 * runs the command-line interface {@code dev.faramesh.cli.FarameshCli} inside the isolated loader,
 * so the CLI sees the same relocated dependencies as the agent and none of the caller's.
 */
public final class FarameshMain {

  static final String CLI = "dev.faramesh.cli.FarameshCli";
  static final int EXIT_NO_CLI = 2;

  private FarameshMain() {}

  public static void main(String[] args) throws Throwable {
    AgentJar agentJar = AgentJar.locate();
    FarameshClassLoader loader = agentJar.classLoader();
    Class<?> cli;
    try {
      cli = Class.forName(CLI, true, loader);
    } catch (ClassNotFoundException e) {
      System.err.println("faramesh: this build of faramesh.jar has no command-line interface (" + CLI
          + " is missing); it can still be used as -javaagent:faramesh.jar");
      System.exit(EXIT_NO_CLI);
      return;
    }
    Method main = cli.getMethod("main", String[].class);
    Thread.currentThread().setContextClassLoader(loader);
    try {
      main.invoke(null, (Object) args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
