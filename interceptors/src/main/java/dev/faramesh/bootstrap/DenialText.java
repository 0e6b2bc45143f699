package dev.faramesh.bootstrap;

/** Builds the one-line message both denial exceptions share. */
final class DenialText {

  private DenialText() {}

  static String message(String toolId, String target, String ruleId, String ruleRef, String reasonCode,
      String reason) {
    StringBuilder sb = new StringBuilder("faramesh denied ").append(toolId);
    if (target != null && !target.isEmpty()) {
      sb.append(' ').append(target);
    }
    if (ruleId != null && !ruleId.isEmpty()) {
      sb.append(": rule ").append(ruleId);
      if (ruleRef != null && !ruleRef.isEmpty()) {
        sb.append(" (").append(ruleRef).append(')');
      }
    } else {
      sb.append(": no rule matched");
    }
    sb.append(" [").append(reasonCode).append(']');
    if (reason != null && !reason.isEmpty()) {
      sb.append(' ').append(reason);
    }
    return sb.toString();
  }

  static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
