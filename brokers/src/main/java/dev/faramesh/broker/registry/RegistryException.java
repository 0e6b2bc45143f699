package dev.faramesh.broker.registry;

/** The credential registry file cannot be read or written; the message names the file and why. */
public class RegistryException extends Exception {

  private static final long serialVersionUID = 1L;

  public RegistryException(String message) {
    super(message);
  }

  public RegistryException(String message, Throwable cause) {
    super(message, cause);
  }
}
