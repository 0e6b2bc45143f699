package dev.faramesh.policy.condition;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * The value semantics of conditions: equality across numeric types, ordering of numbers and
 * strings, truthiness and type names for error messages. Numbers compare by value whatever their
 * Java type ({@code 500 == 500.0}).
 */
final class Values {

  private Values() {}

  static boolean isNumber(Object o) {
    return o instanceof Number;
  }

  static boolean equal(Object a, Object b) {
    if (a == null || b == null) {
      return a == b;
    }
    if (a instanceof Number && b instanceof Number) {
      return compareNumbers((Number) a, (Number) b) == 0;
    }
    if (a instanceof List && b instanceof List) {
      List<?> x = (List<?>) a;
      List<?> y = (List<?>) b;
      if (x.size() != y.size()) {
        return false;
      }
      for (int k = 0; k < x.size(); k++) {
        if (!equal(x.get(k), y.get(k))) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }

  static int compareNumbers(Number a, Number b) {
    if (isIntegral(a) && isIntegral(b)) {
      return Long.compare(a.longValue(), b.longValue());
    }
    if (a instanceof BigDecimal || b instanceof BigDecimal) {
      return toBig(a).compareTo(toBig(b));
    }
    return Double.compare(a.doubleValue(), b.doubleValue());
  }

  static int order(Object a, Object b, String op) throws EvalException {
    if (a instanceof Number && b instanceof Number) {
      return compareNumbers((Number) a, (Number) b);
    }
    if (a instanceof String && b instanceof String) {
      return ((String) a).compareTo((String) b);
    }
    throw new EvalException("cannot compare " + typeName(a) + " " + op + " " + typeName(b));
  }

  private static boolean isIntegral(Number n) {
    return n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte;
  }

  private static BigDecimal toBig(Number n) {
    if (n instanceof BigDecimal) {
      return (BigDecimal) n;
    }
    if (isIntegral(n)) {
      return BigDecimal.valueOf(n.longValue());
    }
    return new BigDecimal(n.toString());
  }

  static String typeName(Object o) {
    if (o == null) {
      return "nil";
    }
    if (o == Missing.VALUE) {
      return "a missing field";
    }
    if (o instanceof String) {
      return "a string";
    }
    if (o instanceof Number) {
      return "a number";
    }
    if (o instanceof Boolean) {
      return "a boolean";
    }
    if (o instanceof List) {
      return "a list";
    }
    if (o instanceof Map) {
      return "an object";
    }
    return "a " + o.getClass().getSimpleName();
  }
}
