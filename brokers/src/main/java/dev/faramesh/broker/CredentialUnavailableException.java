package dev.faramesh.broker;

/**
 * A permitted action needs a credential the broker cannot issue: unknown binding, unconfigured or
 * failing backend. The action must then be denied with {@link #reasonCode()}; other credentials are
 * unaffected. The message never contains a credential value.
 */
public class CredentialUnavailableException extends Exception {

  private static final long serialVersionUID = 1L;

  private final String credential;
  private final Failure failure;

  public CredentialUnavailableException(String credential, String message, Throwable cause) {
    this(credential, cause instanceof BackendException ? ((BackendException) cause).failure()
        : Failure.BACKEND_UNAVAILABLE, message, cause);
  }

  public CredentialUnavailableException(String credential, Failure failure, String message, Throwable cause) {
    super(message, cause);
    this.credential = credential;
    this.failure = failure;
  }

  /** The name of the credential that could not be issued. */
  public String credential() {
    return credential;
  }

  public Failure failure() {
    return failure;
  }

  /** The DPR reason code of the denial. */
  public String reasonCode() {
    return failure.reasonCode();
  }
}
