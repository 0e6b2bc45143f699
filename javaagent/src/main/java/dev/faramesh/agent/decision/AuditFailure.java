package dev.faramesh.agent.decision;

/** A DPR could not be made durable; the decision it belongs to is then a denial. */
public class AuditFailure extends Exception {

  private static final long serialVersionUID = 1L;

  public AuditFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
