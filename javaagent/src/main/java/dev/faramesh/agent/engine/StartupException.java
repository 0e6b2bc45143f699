package dev.faramesh.agent.engine;

/**
 * The agent cannot start as configured. The message is printed as is, on stderr, before the JVM
 * exits without running the application: it says what is wrong and what to configure.
 */
public class StartupException extends Exception {

  private static final long serialVersionUID = 1L;

  public StartupException(String message) {
    super(message);
  }

  public StartupException(String message, Throwable cause) {
    super(message, cause);
  }
}
