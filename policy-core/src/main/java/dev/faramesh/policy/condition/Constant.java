package dev.faramesh.policy.condition;

/** A literal in a condition: a string, a number, a boolean or {@code nil}. */
public final class Constant implements Expr {

  private final Object value;

  public Constant(Object value) {
    this.value = value;
  }

  public Object value() {
    return value;
  }

  @Override
  public Object eval(EvalContext ctx) {
    return value;
  }

  @Override
  public String toString() {
    return value instanceof String ? "\"" + value + "\"" : String.valueOf(value);
  }
}
