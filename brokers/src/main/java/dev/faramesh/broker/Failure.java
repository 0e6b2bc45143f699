package dev.faramesh.broker;

import dev.faramesh.policy.ReasonCodes;

/**
 * Why a backend could not produce a credential. Each kind maps to the reason code the denied
 * action's DPR carries. Outages (unreachable, timed out) make the broker back off from that backend
 * for a while; answers that are final (not found, denied) do not, since asking again soon is fine.
 */
public enum Failure {
  BACKEND_UNAVAILABLE(ReasonCodes.BACKEND_UNAVAILABLE, true),
  BACKEND_TIMEOUT(ReasonCodes.BACKEND_TIMEOUT, true),
  BACKEND_DENIED(ReasonCodes.BACKEND_DENIED, false),
  CREDENTIAL_NOT_FOUND(ReasonCodes.CREDENTIAL_NOT_FOUND, false),
  CREDENTIAL_INVALID(ReasonCodes.CREDENTIAL_INVALID, false),
  BACKEND_NOT_CONFIGURED(ReasonCodes.BACKEND_NOT_CONFIGURED, false);

  private final String reasonCode;
  private final boolean outage;

  Failure(String reasonCode, boolean outage) {
    this.reasonCode = reasonCode;
    this.outage = outage;
  }

  /** The DPR reason code. */
  public String reasonCode() {
    return reasonCode;
  }

  /** Whether this says the backend itself is unhealthy (the broker backs off). */
  public boolean outage() {
    return outage;
  }
}
