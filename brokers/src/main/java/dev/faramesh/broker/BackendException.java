package dev.faramesh.broker;

/**
 * A backend could not produce a credential. The message names the backend, the binding and what
 * went wrong (unreachable, not found, refused), never a credential value.
 */
public class BackendException extends Exception {

  private static final long serialVersionUID = 1L;

  public BackendException(String message) {
    super(message);
  }

  public BackendException(String message, Throwable cause) {
    super(message, cause);
  }
}
