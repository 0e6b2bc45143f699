package dev.faramesh.identity;

import dev.faramesh.policy.ReasonCodes;

/**
 * An identity could not be attested or verified: the provider is missing, misconfigured,
 * unreachable, or the evidence did not verify. {@link #reasonCode()} names the check that failed
 * (one of the {@code IDENTITY_*} codes in {@link ReasonCodes}), so the denial it causes says why in
 * the DPR; {@code IDENTITY_MISCONFIGURED} marks a problem of the configuration, which stops the
 * agent from starting. The message says what to do; it never contains a token, key or secret.
 */
public class IdentityException extends Exception {

  private static final long serialVersionUID = 1L;

  private final String reasonCode;

  public IdentityException(String message) {
    this(ReasonCodes.IDENTITY_UNVERIFIED, message, null);
  }

  public IdentityException(String message, Throwable cause) {
    this(ReasonCodes.IDENTITY_UNVERIFIED, message, cause);
  }

  public IdentityException(String reasonCode, String message, Throwable cause) {
    super(message, cause);
    this.reasonCode = reasonCode == null ? ReasonCodes.IDENTITY_UNVERIFIED : reasonCode;
  }

  /** A failed check, with the reason code the denial carries. */
  public static IdentityException of(String reasonCode, String message) {
    return new IdentityException(reasonCode, message, null);
  }

  /** A configuration problem: the agent refuses to start with this message. */
  public static IdentityException misconfigured(String message) {
    return new IdentityException(ReasonCodes.IDENTITY_MISCONFIGURED, message, null);
  }

  public String reasonCode() {
    return reasonCode;
  }

  /** Whether this is a configuration problem rather than evidence that did not verify. */
  public boolean misconfigured() {
    return ReasonCodes.IDENTITY_MISCONFIGURED.equals(reasonCode);
  }
}
