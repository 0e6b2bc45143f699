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

  private ReasonCodes() {}
}
