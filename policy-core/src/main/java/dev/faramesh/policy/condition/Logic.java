package dev.faramesh.policy.condition;

/**
 * {@code and}/{@code &&} and {@code or}/{@code ||}, short-circuiting. A missing operand counts as
 * false; any other non-boolean operand is an error.
 */
public final class Logic implements Expr {

  private final boolean isAnd;
  private final Expr left;
  private final Expr right;

  public Logic(boolean isAnd, Expr left, Expr right) {
    this.isAnd = isAnd;
    this.left = left;
    this.right = right;
  }

  @Override
  public Object eval(EvalContext ctx) throws EvalException {
    boolean a = truth(left.eval(ctx));
    if (isAnd ? !a : a) {
      return a;
    }
    return truth(right.eval(ctx));
  }

  static boolean truth(Object v) throws EvalException {
    if (v instanceof Boolean) {
      return (Boolean) v;
    }
    if (v == Missing.VALUE) {
      return false;
    }
    throw new EvalException("expected true/false, found " + Values.typeName(v));
  }

  @Override
  public String toString() {
    return "(" + left + (isAnd ? " and " : " or ") + right + ")";
  }
}
