package dev.faramesh.policy;

/**
 * One problem found in a policy file, with its position and the text of the offending line so
 * that it can be printed the way compilers do:
 * <pre>
 * governance.fms:7:3: unknown block "rulez" (did you mean "rules"?)
 *   rulez {
 *   ^
 * </pre>
 */
public record Diagnostic(Severity severity, SourceRef at, String message, String lineText) {

  /** Errors make a policy unusable; warnings are printed by {@code policy check}. */
  public enum Severity { ERROR, WARNING }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  /** The header line plus the source line and a caret under the column. */
  public String format() {
    StringBuilder sb = new StringBuilder();
    sb.append(at).append(": ");
    if (severity == Severity.WARNING) {
      sb.append("warning: ");
    }
    sb.append(message);
    if (lineText != null) {
      String shown = lineText.replace('\t', ' ');
      sb.append('\n').append("  ").append(shown).append('\n').append("  ");
      int caret = Math.max(0, Math.min(at.column() - 1, shown.length()));
      sb.append(" ".repeat(caret)).append('^');
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return at + ": " + message;
  }
}
