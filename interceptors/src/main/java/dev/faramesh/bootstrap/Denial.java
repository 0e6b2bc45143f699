package dev.faramesh.bootstrap;

/**
 * What both denial exceptions carry, so an application can handle them alike: the action that
 * was refused, the rule that refused it and why. None of these ever contains a credential: the
 * target names scheme, host, port and path only, never a query string or a header.
 */
public interface Denial {

  /** The tool id of the refused action, e.g. {@code http/post} or {@code process/exec}. */
  String toolId();

  /** Where the action was going ({@code https://api.example.com:443/v1/x}) or what it ran. */
  String target();

  /** The id of the matched rule ({@code fpl-3}), or empty when no rule matched. */
  String ruleId();

  /** Where the matched rule is written ({@code governance.fms:12:5}), or empty. */
  String ruleRef();

  /** The stable reason code, e.g. {@code RULE_DENY} or {@code UNMATCHED_DENY}. */
  String reasonCode();

  /** The policy's human-readable reason. */
  String reason();
}
