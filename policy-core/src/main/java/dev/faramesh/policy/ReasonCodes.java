package dev.faramesh.policy;

/**
 * The reason codes a decision can carry. They are stable identifiers for dashboards and tests;
 * the human-readable reason travels separately. Names follow the Faramesh daemon where it has one.
 */
public final class ReasonCodes {

  public static final String RULE_PERMIT = "RULE_PERMIT";
  public static final String RULE_DENY = "RULE_DENY";
  public static final String RULE_DEFER = "RULE_DEFER";
  public static final String STRICT_DENY = "FPL_STRICT_DENY";
  public static final String UNMATCHED_DENY = "UNMATCHED_DENY";
  public static final String UNMATCHED_PERMIT = "UNMATCHED_PERMIT";
  public static final String UNMATCHED_DEFER = "UNMATCHED_DEFER";
  public static final String EXPR_RUNTIME_ERROR = "EXPR_RUNTIME_ERROR";
  public static final String RATE_EXCEEDED = "RATE_EXCEEDED";
  public static final String BUDGET_SESSION_EXCEEDED = "BUDGET_SESSION_EXCEEDED";
  public static final String BUDGET_DAILY_EXCEEDED = "BUDGET_DAILY_EXCEEDED";
  public static final String SESSION_TOOL_LIMIT = "SESSION_TOOL_LIMIT";
  public static final String UNKNOWN_AGENT = "UNKNOWN_AGENT";
  public static final String AUDIT_PASSTHROUGH = "AUDIT_MODE_PASSTHROUGH";
  public static final String SHADOW_PASSTHROUGH = "SHADOW_MODE_PASSTHROUGH";
  public static final String WAL_WRITE_FAILURE = "WAL_WRITE_FAILURE";
  public static final String POLICY_LOAD_ERROR = "POLICY_LOAD_ERROR";
  public static final String IDENTITY_UNVERIFIED = "IDENTITY_UNVERIFIED";
  public static final String IDENTITY_EXPIRED = "IDENTITY_EXPIRED";
  public static final String EGRESS_DENIED = "EGRESS_DENIED";
  public static final String INTERNAL_ERROR = "INTERNAL_ERROR";

  // A permitted action whose credential the broker could not issue; the action is denied.
  /** The credential's backend could not be reached (refused, reset, server error) or is backing off. */
  public static final String BACKEND_UNAVAILABLE = "BACKEND_UNAVAILABLE";
  /** The credential's backend did not answer within the configured timeout. */
  public static final String BACKEND_TIMEOUT = "BACKEND_TIMEOUT";
  /** The backend refused the broker: authentication failed or permission denied. */
  public static final String BACKEND_DENIED = "BACKEND_DENIED";
  /** The backend has no such secret, version or field. */
  public static final String CREDENTIAL_NOT_FOUND = "CREDENTIAL_NOT_FOUND";
  /** The backend answered with a value that failed its integrity check (e.g. a CRC32C mismatch). */
  public static final String CREDENTIAL_INVALID = "CREDENTIAL_INVALID";
  /** The backend is not configured (no address, region, project ...) or not part of this build. */
  public static final String BACKEND_NOT_CONFIGURED = "BACKEND_NOT_CONFIGURED";
  // Identity: why an attestation did not verify. Each names one check, so a DPR says which failed.
  public static final String IDENTITY_WRONG_TRUST_DOMAIN = "IDENTITY_WRONG_TRUST_DOMAIN";
  public static final String IDENTITY_WRONG_ISSUER = "IDENTITY_WRONG_ISSUER";
  public static final String IDENTITY_WRONG_AUDIENCE = "IDENTITY_WRONG_AUDIENCE";
  public static final String IDENTITY_NOT_YET_VALID = "IDENTITY_NOT_YET_VALID";
  public static final String IDENTITY_BAD_SIGNATURE = "IDENTITY_BAD_SIGNATURE";
  public static final String IDENTITY_UNKNOWN_KEY = "IDENTITY_UNKNOWN_KEY";
  public static final String IDENTITY_ALG_NOT_ALLOWED = "IDENTITY_ALG_NOT_ALLOWED";
  public static final String IDENTITY_PROVIDER_UNAVAILABLE = "IDENTITY_PROVIDER_UNAVAILABLE";
  /** Malformed evidence, or a required claim missing. */
  public static final String IDENTITY_INVALID = "IDENTITY_INVALID";
  /** Verified, but outside the configured allow-list (account, project, tenant, namespace). */
  public static final String IDENTITY_NOT_ALLOWED = "IDENTITY_NOT_ALLOWED";
  /** The evidence names another agent than the label the call arrived under. */
  public static final String IDENTITY_AGENT_MISMATCH = "IDENTITY_AGENT_MISMATCH";
  /** A second logical agent in the process attested as an identity another agent already holds. */
  public static final String IDENTITY_NOT_DISTINCT = "IDENTITY_NOT_DISTINCT";
  public static final String IDENTITY_MISCONFIGURED = "IDENTITY_MISCONFIGURED";

  // Supervisors and workers
  public static final String SPAWN_ALLOWED = "SPAWN_ALLOWED";
  public static final String SPAWN_NOT_ALLOWED = "SPAWN_NOT_ALLOWED";
  public static final String SPAWN_LIMIT = "SPAWN_LIMIT";
  public static final String DELEGATION_ALLOWED = "DELEGATION_ALLOWED";
  public static final String DELEGATION_NOT_ALLOWED = "DELEGATION_NOT_ALLOWED";
  /** Delegation into a trust domain the policy does not federate with. */
  public static final String DELEGATION_UNTRUSTED_DOMAIN = "DELEGATION_UNTRUSTED_DOMAIN";
  // A worker process started with a delegation token (FARAMESH_DELEGATION) that did not verify:
  // every decision of that process is denied with the code.
  /** Malformed, unsigned or badly signed, an untrusted signer, or bound to another command line. */
  public static final String DELEGATION_TOKEN_INVALID = "DELEGATION_TOKEN_INVALID";
  /** Past its expiry (a delegation token lives at most 60 seconds). */
  public static final String DELEGATION_TOKEN_EXPIRED = "DELEGATION_TOKEN_EXPIRED";
  /** Issued for another agent than the one this process runs as. */
  public static final String DELEGATION_TOKEN_WRONG_AUDIENCE = "DELEGATION_TOKEN_WRONG_AUDIENCE";
  /** A worker process could not reach its supervisor's budget endpoint, or its answer was malformed. */
  public static final String BUDGET_ENDPOINT_UNAVAILABLE = "BUDGET_ENDPOINT_UNAVAILABLE";
  /** The supervisor's budget endpoint refused the charge (wrong secret, other worker, budget not inherited). */
  public static final String BUDGET_ENDPOINT_REFUSED = "BUDGET_ENDPOINT_REFUSED";

  private ReasonCodes() {}
}
