package dev.faramesh.bootstrap;

/**
 * What a denial says, shared by both denial exceptions (one extends {@code SecurityException}, the
 * other {@code IOException}, so they cannot share a base class): the action, its target, the rule
 * and the reason, and the one-line message built from them.
 */
final class DenialDetails implements java.io.Serializable {

  private static final long serialVersionUID = 1L;

  final String toolId;
  final String target;
  final String ruleId;
  final String ruleRef;
  final String reasonCode;
  final String reason;

  DenialDetails(String toolId, String target, String ruleId, String ruleRef, String reasonCode, String reason) {
    this.toolId = orEmpty(toolId);
    this.target = orEmpty(target);
    this.ruleId = orEmpty(ruleId);
    this.ruleRef = orEmpty(ruleRef);
    this.reasonCode = orEmpty(reasonCode);
    this.reason = orEmpty(reason);
  }

  String message() {
    StringBuilder sb = new StringBuilder("faramesh denied ").append(toolId);
    if (!target.isEmpty()) {
      sb.append(' ').append(target);
    }
    if (!ruleId.isEmpty()) {
      sb.append(": rule ").append(ruleId);
      if (!ruleRef.isEmpty()) {
        sb.append(" (").append(ruleRef).append(')');
      }
    } else {
      sb.append(": no rule matched");
    }
    sb.append(" [").append(reasonCode).append(']');
    if (!reason.isEmpty()) {
      sb.append(' ').append(reason);
    }
    return sb.toString();
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
