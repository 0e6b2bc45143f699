package dev.faramesh.identity;

/**
 * An identity could not be attested or verified: the provider is missing, misconfigured,
 * unreachable, or the evidence did not verify. The message says which and what to configure; it
 * never contains a token or key.
 */
public class IdentityException extends Exception {

  private static final long serialVersionUID = 1L;

  public IdentityException(String message) {
    super(message);
  }

  public IdentityException(String message, Throwable cause) {
    super(message, cause);
  }
}
