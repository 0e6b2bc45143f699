package dev.faramesh.policy.condition;

/**
 * A condition could not be evaluated (for instance a string compared with {@code <} to a number).
 * The engine turns it into a denial with reason code {@code EXPR_RUNTIME_ERROR}; the message names
 * the types involved, never argument values.
 */
public final class EvalException extends Exception {

  private static final long serialVersionUID = 1L;

  public EvalException(String message) {
    super(message, null, false, false);
  }
}
