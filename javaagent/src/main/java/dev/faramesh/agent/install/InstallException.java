package dev.faramesh.agent.install;

/** The hooks could not be installed; the agent must not start without them. */
public class InstallException extends Exception {

  private static final long serialVersionUID = 1L;

  public InstallException(String message, Throwable cause) {
    super(message, cause);
  }
}
