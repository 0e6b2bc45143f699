package dev.faramesh.policy.condition;

import java.util.ArrayList;
import java.util.List;

/** {@code ["a", "b"]} in a condition; a list of constants is built once. */
public final class ListLiteral implements Expr {

  private final List<Expr> items;
  private final List<Object> constant;

  public ListLiteral(List<Expr> items) {
    this.items = List.copyOf(items);
    List<Object> values = new ArrayList<>();
    boolean allConstant = true;
    for (Expr e : items) {
      if (e instanceof Constant) {
        values.add(((Constant) e).value());
      } else {
        allConstant = false;
      }
    }
    this.constant = allConstant ? java.util.Collections.unmodifiableList(values) : null;
  }

  @Override
  public Object eval(EvalContext ctx) throws EvalException {
    if (constant != null) {
      return constant;
    }
    List<Object> out = new ArrayList<>(items.size());
    for (Expr e : items) {
      out.add(e.eval(ctx));
    }
    return out;
  }

  @Override
  public String toString() {
    return items.toString();
  }
}
