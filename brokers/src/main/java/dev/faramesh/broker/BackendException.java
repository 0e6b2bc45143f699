package dev.faramesh.broker;

/**
 * A backend could not produce a credential, with the {@link Failure} kind that becomes the DPR's
 * reason code. The message names the backend, the binding and what went wrong (unreachable, not
 * found, refused), never a credential value or a token.
 */
public class BackendException extends Exception {

  private static final long serialVersionUID = 1L;

  private final Failure failure;

  public BackendException(String message) {
    this(Failure.BACKEND_UNAVAILABLE, message, null);
  }

  public BackendException(String message, Throwable cause) {
    this(Failure.BACKEND_UNAVAILABLE, message, cause);
  }

  public BackendException(Failure failure, String message) {
    this(failure, message, null);
  }

  public BackendException(Failure failure, String message, Throwable cause) {
    // The SDK's exception is kept as the cause for its type only: its message may quote a response.
    super(message, cause == null ? null : new Cause(cause));
    this.failure = failure;
  }

  public Failure failure() {
    return failure;
  }

  /**
   * Stands in for an SDK exception: its class and stack, without its message, which some clients
   * fill with response bodies.
   */
  static final class Cause extends Exception {
    private static final long serialVersionUID = 1L;

    Cause(Throwable original) {
      super(original.getClass().getName(), original.getCause() == null || original.getCause() == original ? null
          : new Cause(original.getCause()));
      setStackTrace(original.getStackTrace());
    }
  }
}
