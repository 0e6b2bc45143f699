package dev.faramesh.broker;

/**
 * A permitted action needs a credential the broker cannot issue: unknown binding, unconfigured or
 * failing backend. The action must then be denied; other credentials are unaffected.
 */
public class CredentialUnavailableException extends Exception {

  private static final long serialVersionUID = 1L;

  private final String credential;

  public CredentialUnavailableException(String credential, String message, Throwable cause) {
    super(message, cause);
    this.credential = credential;
  }

  /** The name of the credential that could not be issued. */
  public String credential() {
    return credential;
  }
}
