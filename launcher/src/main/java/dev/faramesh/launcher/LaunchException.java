package dev.faramesh.launcher;

/**
 * The run cannot start: the policy, the identity, the mode or the command is not acceptable. The
 * message says what to change; the child was not started. {@link #status()} is the launcher's
 * exit status (78 for configuration, 70 for internal failures).
 */
public final class LaunchException extends Exception {

  private static final long serialVersionUID = 1L;

  public static final int CONFIG = 78;
  public static final int INTERNAL = 70;

  private final int status;

  public LaunchException(String message) {
    this(message, CONFIG, null);
  }

  public LaunchException(String message, int status, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
