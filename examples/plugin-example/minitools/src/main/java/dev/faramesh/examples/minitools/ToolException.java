package dev.faramesh.examples.minitools;

/** A tool call that failed or was refused; the framework's callers report its message. */
public class ToolException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ToolException(String message) {
    super(message);
  }

  public ToolException(String message, Throwable cause) {
    super(message, cause);
  }
}
