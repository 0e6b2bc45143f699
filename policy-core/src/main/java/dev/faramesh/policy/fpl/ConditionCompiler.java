package dev.faramesh.policy.fpl;

import com.google.re2j.Pattern;
import dev.faramesh.policy.condition.Comparison;
import dev.faramesh.policy.condition.Constant;
import dev.faramesh.policy.condition.Expr;
import dev.faramesh.policy.condition.Field;
import dev.faramesh.policy.condition.Functions;
import dev.faramesh.policy.condition.ListLiteral;
import dev.faramesh.policy.condition.Logic;
import dev.faramesh.policy.condition.Membership;
import dev.faramesh.policy.condition.Negation;
import dev.faramesh.policy.condition.RegexMatch;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Turns a parsed condition into evaluator nodes once, at load time: fields are resolved to where
 * they live, literal regexes are compiled (and rejected here when invalid), function names and
 * arities are checked. Every problem is reported with its position.
 */
final class ConditionCompiler {

  private static final Set<String> SESSION = Set.of("call_count", "cost_usd", "daily_cost_usd", "phase");
  private static final Set<String> TIME = Set.of("hour", "minute", "weekday", "day", "month", "year", "now");
  private static final Set<String> DELEGATION = Set.of("depth", "origin_agent", "chain", "agent_identity_verified");
  private static final Set<String> HTTP = Set.of("host", "port", "method", "path", "query", "scheme");

  private final Diagnostics diag;
  private boolean readsSession;

  ConditionCompiler(Diagnostics diag) {
    this.diag = diag;
  }

  /** Whether any compiled condition reads {@code session.*} or the history functions. */
  boolean readsSession() {
    return readsSession;
  }

  Expr compile(Ast.Expr e) {
    if (e instanceof Ast.Literal) {
      return new Constant(literal(((Ast.Literal) e).value()));
    }
    if (e instanceof Ast.FieldRef) {
      return field((Ast.FieldRef) e);
    }
    if (e instanceof Ast.ListExpr) {
      List<Expr> items = new ArrayList<>();
      for (Ast.Expr x : ((Ast.ListExpr) e).items()) {
        items.add(compile(x));
      }
      return new ListLiteral(items);
    }
    if (e instanceof Ast.Unary) {
      return new Negation(compile(((Ast.Unary) e).operand()));
    }
    if (e instanceof Ast.Call) {
      Ast.Call c = (Ast.Call) e;
      String problem = Functions.checkCall(c.name(), c.args().size());
      if (problem != null) {
        diag.error(c.at(), problem + (problem.startsWith("unknown") ? Suggestions.didYouMean(c.name(), Functions.names()) : ""));
      }
      if (c.name().startsWith("history_") || c.name().equals("deny_count_within")) {
        readsSession = true;
      }
      List<Expr> args = new ArrayList<>();
      for (Ast.Expr x : c.args()) {
        args.add(compile(x));
      }
      return problem == null ? Functions.call(c.name(), args) : new Constant(Boolean.FALSE);
    }
    Ast.Binary b = (Ast.Binary) e;
    Expr left = compile(b.left());
    switch (b.op()) {
      case "and": return new Logic(true, left, compile(b.right()));
      case "or": return new Logic(false, left, compile(b.right()));
      case "matches": return regex(b, left);
      case "in": case "not in": case "contains": case "startsWith": case "endsWith":
        return new Membership(b.op(), left, compile(b.right()));
      default:
        return new Comparison(b.op(), left, compile(b.right()));
    }
  }

  private Expr regex(Ast.Binary b, Expr left) {
    if (b.right() instanceof Ast.Literal && ((Ast.Literal) b.right()).value() instanceof String) {
      String re = (String) ((Ast.Literal) b.right()).value();
      String problem = RegexMatch.check(re);
      if (problem != null) {
        diag.error(b.right().at(), "invalid regular expression: " + problem);
        return new Constant(Boolean.FALSE);
      }
      return new RegexMatch(left, new Constant(re), Pattern.compile(re));
    }
    return new RegexMatch(left, compile(b.right()), null);
  }

  private static Object literal(Object v) {
    if (v instanceof BigDecimal) {
      BigDecimal d = (BigDecimal) v;
      if (d.scale() <= 0 || d.stripTrailingZeros().scale() <= 0) {
        try {
          return d.longValueExact();
        } catch (ArithmeticException e) {
          return d.doubleValue();
        }
      }
      return d.doubleValue();
    }
    return v;
  }

  private Expr field(Ast.FieldRef f) {
    String text = f.path();
    String[] parts = text.split("\\.", -1);
    for (String p : parts) {
      if (p.isEmpty() || !p.chars().allMatch(ch -> Character.isLetterOrDigit(ch) || ch == '_' || ch == '-')) {
        diag.error(f.at(), "\"" + text + "\" is not a field name (fields look like args.amount or principal.role)");
        return new Constant(null);
      }
    }
    String root = parts[0];
    String[] rest = Arrays.copyOfRange(parts, 1, parts.length);
    switch (root) {
      case "args": return new Field(Field.Root.ARGS, rest, text);
      case "vars": return new Field(Field.Root.VARS, rest, text);
      case "principal":
        if (rest.length == 0) {
          diag.error(f.at(), "name a claim of the principal, as in principal.role");
        }
        return new Field(Field.Root.PRINCIPAL, rest, text);
      case "session":
        readsSession = true;
        return known(f, Field.Root.SESSION, rest, SESSION);
      case "time": return known(f, Field.Root.TIME, rest, TIME);
      case "delegation": return known(f, Field.Root.DELEGATION, rest, DELEGATION);
      case "tool_name": case "tool": case "action":
        if (rest.length == 0) {
          return new Field(Field.Root.TOOL, rest, text);
        }
        break;
      case "amount":
        if (rest.length == 0) {
          return new Field(Field.Root.AMOUNT, rest, text);
        }
        break;
      default:
        if (rest.length == 0 && HTTP.contains(root)) {
          return new Field(Field.Root.HTTP, parts, text);
        }
    }
    // Any other name is an argument under its own name: customer.tenant is args.customer.tenant.
    return new Field(Field.Root.ARGS, parts, text);
  }

  private Expr known(Ast.FieldRef f, Field.Root root, String[] rest, Set<String> names) {
    if (rest.length != 1 || !names.contains(rest[0])) {
      String got = rest.length == 0 ? "" : rest[0];
      diag.error(f.at(), "unknown field " + f.path() + Suggestions.didYouMean(got, names)
          + "; known: " + String.join(", ", new java.util.TreeSet<>(names)));
    }
    return new Field(root, rest, f.path());
  }
}
