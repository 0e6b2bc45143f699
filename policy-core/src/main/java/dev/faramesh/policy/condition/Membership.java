package dev.faramesh.policy.condition;

import java.util.List;
import java.util.Map;

/**
 * {@code x in xs}, {@code x not in xs}, {@code xs contains x}, {@code startsWith}, {@code endsWith}.
 * The container may be a list (element equality), a string (substring) or an object (key).
 * A missing operand makes the test false.
 */
public final class Membership implements Expr {

  private final String op;
  private final Expr left;
  private final Expr right;

  public Membership(String op, Expr left, Expr right) {
    this.op = op;
    this.left = left;
    this.right = right;
  }

  @Override
  public Object eval(EvalContext ctx) throws EvalException {
    Object a = left.eval(ctx);
    Object b = right.eval(ctx);
    if (a == Missing.VALUE || b == Missing.VALUE) {
      return Boolean.FALSE;
    }
    switch (op) {
      case "in": return contains(b, a);
      case "not in": return !contains(b, a);
      case "contains": return contains(a, b);
      case "startsWith": return strings(a, b).startsWith((String) b);
      case "endsWith": return strings(a, b).endsWith((String) b);
      default: throw new EvalException("unknown operator " + op);
    }
  }

  private String strings(Object a, Object b) throws EvalException {
    if (!(a instanceof String) || !(b instanceof String)) {
      throw new EvalException(op + " needs two strings, found " + Values.typeName(a) + " and " + Values.typeName(b));
    }
    return (String) a;
  }

  static boolean contains(Object container, Object item) throws EvalException {
    if (container instanceof List) {
      for (Object o : (List<?>) container) {
        if (Values.equal(o, item)) {
          return true;
        }
      }
      return false;
    }
    if (container instanceof String) {
      if (!(item instanceof String)) {
        throw new EvalException("cannot look for " + Values.typeName(item) + " in a string");
      }
      return ((String) container).contains((String) item);
    }
    if (container instanceof Map) {
      return ((Map<?, ?>) container).containsKey(item);
    }
    throw new EvalException("cannot look inside " + Values.typeName(container));
  }

  @Override
  public String toString() {
    return left + " " + op + " " + right;
  }
}
