package dev.faramesh.policy.condition;

/**
 * A rule's compiled {@code when}/{@code if} condition: true only when the expression evaluates to
 * {@code true}. A missing field yields false; a value that is not a boolean is an error.
 */
public final class Condition {

  private final Expr root;
  private final String source;

  public Condition(Expr root, String source) {
    this.root = root;
    this.source = source;
  }

  public boolean test(EvalContext ctx) throws EvalException {
    Object v = root.eval(ctx);
    if (v instanceof Boolean) {
      return (Boolean) v;
    }
    if (v == Missing.VALUE) {
      return false;
    }
    throw new EvalException("condition produced " + Values.typeName(v) + ", not true/false");
  }

  /** The condition as written, for {@code policy explain}. */
  public String source() {
    return source;
  }

  @Override
  public String toString() {
    return source;
  }
}
