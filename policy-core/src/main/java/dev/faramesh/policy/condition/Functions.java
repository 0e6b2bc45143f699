package dev.faramesh.policy.condition;

import dev.faramesh.policy.Glob;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The functions a condition may call, with their arity. They cover the Faramesh daemon's
 * functions ({@code history_*}, {@code deny_count_within}, {@code args_array_*}, {@code purpose})
 * and a few value helpers ({@code len}, {@code lower}, {@code upper}, {@code contains}).
 */
public final class Functions {

  /** The body of a function; arguments are already evaluated. */
  interface Body {
    Object apply(EvalContext ctx, Object[] args) throws EvalException;
  }

  private record Spec(int minArgs, int maxArgs, Body body) {}

  private static final Map<String, Spec> ALL = new TreeMap<>();

  static {
    ALL.put("len", new Spec(1, 1, (c, a) -> len(a[0])));
    ALL.put("lower", new Spec(1, 1, (c, a) -> a[0] instanceof String ? ((String) a[0]).toLowerCase(Locale.ROOT) : a[0]));
    ALL.put("upper", new Spec(1, 1, (c, a) -> a[0] instanceof String ? ((String) a[0]).toUpperCase(Locale.ROOT) : a[0]));
    ALL.put("contains", new Spec(2, 2, (c, a) -> a[0] == Missing.VALUE || a[1] == Missing.VALUE ? Boolean.FALSE
        : Membership.contains(a[0], a[1])));
    ALL.put("purpose", new Spec(1, 1, Functions::purpose));
    ALL.put("history_contains_within", new Spec(2, 2, (c, a) ->
        c.session().historyContainsWithin(string(a[0], "history_contains_within"), seconds(a[1]), c.nowMillis())));
    ALL.put("history_sequence", new Spec(1, 16, (c, a) -> {
      List<String> patterns = new ArrayList<>();
      for (Object o : a) {
        patterns.add(string(o, "history_sequence"));
      }
      return c.session().historySequence(patterns);
    }));
    ALL.put("history_tool_count", new Spec(1, 1, (c, a) -> c.session().historyToolCount(string(a[0], "history_tool_count"))));
    ALL.put("deny_count_within", new Spec(1, 1, (c, a) -> c.session().denyCountWithin(seconds(a[0]), c.nowMillis())));
    ALL.put("args_array_len", new Spec(1, 1, (c, a) -> {
      Object v = argsArray(c, a[0]);
      return v instanceof List ? (long) ((List<?>) v).size() : Missing.VALUE;
    }));
    ALL.put("args_array_contains", new Spec(2, 2, (c, a) -> {
      Object v = argsArray(c, a[0]);
      return v instanceof List && Membership.contains(v, a[1]);
    }));
    ALL.put("args_array_any_match", new Spec(2, 2, (c, a) -> {
      Object v = argsArray(c, a[0]);
      if (!(v instanceof List)) {
        return Boolean.FALSE;
      }
      Glob g = Glob.path(string(a[1], "args_array_any_match"));
      for (Object o : (List<?>) v) {
        if (o instanceof String && g.matches((String) o)) {
          return Boolean.TRUE;
        }
      }
      return Boolean.FALSE;
    }));
  }

  private Functions() {}

  public static Set<String> names() {
    return ALL.keySet();
  }

  /** {@code null} when the call is fine, else what is wrong with it. */
  public static String checkCall(String name, int argc) {
    Spec s = ALL.get(name);
    if (s == null) {
      return "unknown function " + name;
    }
    if (argc < s.minArgs || argc > s.maxArgs) {
      String want = s.minArgs == s.maxArgs ? String.valueOf(s.minArgs) : s.minArgs + " to " + s.maxArgs;
      return name + " takes " + want + (s.maxArgs == 1 ? " argument" : " arguments") + ", not " + argc;
    }
    return null;
  }

  /** A call node; the call must have passed {@link #checkCall}. */
  public static Expr call(String name, List<Expr> args) {
    Spec s = ALL.get(name);
    Expr[] argv = args.toArray(new Expr[0]);
    return new Expr() {
      @Override
      public Object eval(EvalContext ctx) throws EvalException {
        Object[] values = new Object[argv.length];
        for (int k = 0; k < argv.length; k++) {
          values[k] = argv[k].eval(ctx);
        }
        return s.body.apply(ctx, values);
      }

      @Override
      public String toString() {
        return name + args;
      }
    };
  }

  private static Object len(Object v) throws EvalException {
    if (v == Missing.VALUE) {
      return v;
    }
    if (v instanceof String) {
      return (long) ((String) v).length();
    }
    if (v instanceof List) {
      return (long) ((List<?>) v).size();
    }
    if (v instanceof Map) {
      return (long) ((Map<?, ?>) v).size();
    }
    throw new EvalException("len needs a string, list or object, found " + Values.typeName(v));
  }

  private static Object purpose(EvalContext c, Object[] a) throws EvalException {
    String wanted = string(a[0], "purpose");
    Object declared = c.action().args().get("_purpose");
    if (declared == null) {
      declared = c.principal().claims().get("purpose");
    }
    return wanted.equals(declared);
  }

  private static Object argsArray(EvalContext c, Object path) throws EvalException {
    Object cur = c.action().args();
    for (String seg : string(path, "args_array").split("\\.")) {
      if (!(cur instanceof Map)) {
        return Missing.VALUE;
      }
      cur = ((Map<?, ?>) cur).get(seg);
    }
    return cur == null ? Missing.VALUE : cur;
  }

  private static String string(Object v, String fn) throws EvalException {
    if (!(v instanceof String)) {
      throw new EvalException(fn + " needs a string argument, found " + Values.typeName(v));
    }
    return (String) v;
  }

  private static long seconds(Object v) throws EvalException {
    if (!(v instanceof Number)) {
      throw new EvalException("expected a number of seconds, found " + Values.typeName(v));
    }
    return ((Number) v).longValue();
  }
}
