package dev.faramesh.policy.condition;

/**
 * {@code == != < <= > >=}. A missing operand makes the comparison false, with the one exception
 * that makes nil guards work: a missing field {@code == nil} is true. Ordering a string against a
 * number is an error, not false.
 */
public final class Comparison implements Expr {

  private final String op;
  private final Expr left;
  private final Expr right;

  public Comparison(String op, Expr left, Expr right) {
    this.op = op;
    this.left = left;
    this.right = right;
  }

  @Override
  public Object eval(EvalContext ctx) throws EvalException {
    Object a = left.eval(ctx);
    Object b = right.eval(ctx);
    boolean missing = a == Missing.VALUE || b == Missing.VALUE;
    switch (op) {
      case "==":
        if (missing) {
          return (a == Missing.VALUE && b == null) || (b == Missing.VALUE && a == null);
        }
        return Values.equal(a, b);
      case "!=":
        if (missing) {
          return Boolean.FALSE;
        }
        return !Values.equal(a, b);
      default:
        if (missing || a == null || b == null) {
          return Boolean.FALSE;
        }
        int c = Values.order(a, b, op);
        switch (op) {
          case "<": return c < 0;
          case "<=": return c <= 0;
          case ">": return c > 0;
          case ">=": return c >= 0;
          default: throw new EvalException("unknown operator " + op);
        }
    }
  }

  @Override
  public String toString() {
    return left + " " + op + " " + right;
  }
}
