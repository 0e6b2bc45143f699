package dev.faramesh.policy.condition;

/** {@code not x} / {@code !x}; a missing operand counts as false, so its negation is true. */
public final class Negation implements Expr {

  private final Expr operand;

  public Negation(Expr operand) {
    this.operand = operand;
  }

  @Override
  public Object eval(EvalContext ctx) throws EvalException {
    return !Logic.truth(operand.eval(ctx));
  }

  @Override
  public String toString() {
    return "not " + operand;
  }
}
