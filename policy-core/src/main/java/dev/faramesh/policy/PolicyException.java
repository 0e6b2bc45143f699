package dev.faramesh.policy;

import java.util.List;

/**
 * Thrown when a policy cannot be used. It carries every error found in the file, in order, so a
 * user fixes them all in one pass; {@link #getMessage()} is the printable report and never
 * contains a stack trace or a Java type name.
 */
public final class PolicyException extends Exception {

  private static final long serialVersionUID = 1L;

  private final transient List<Diagnostic> diagnostics;

  public PolicyException(List<Diagnostic> diagnostics) {
    super(render(diagnostics), null, false, false);
    this.diagnostics = List.copyOf(diagnostics);
  }

  public List<Diagnostic> diagnostics() {
    return diagnostics;
  }

  private static String render(List<Diagnostic> diagnostics) {
    StringBuilder sb = new StringBuilder();
    long errors = diagnostics.stream().filter(Diagnostic::isError).count();
    for (Diagnostic d : diagnostics) {
      sb.append(d.format()).append('\n');
    }
    sb.append(errors).append(errors == 1 ? " error" : " errors");
    return sb.toString();
  }
}
