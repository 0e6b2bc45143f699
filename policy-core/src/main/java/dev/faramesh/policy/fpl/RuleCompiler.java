package dev.faramesh.policy.fpl;

import dev.faramesh.policy.Effect;
import dev.faramesh.policy.Glob;
import dev.faramesh.policy.condition.Condition;
import dev.faramesh.policy.engine.CompiledRule;
import dev.faramesh.policy.engine.HttpMatch;
import dev.faramesh.policy.engine.PortRange;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compiles rules: effect words to effects, tool patterns to globs, HTTP clauses to a
 * {@link HttpMatch}, conditions to evaluators, with ids from {@link RuleIds}.
 */
final class RuleCompiler {

  private final Diagnostics diag;
  private final ValueReader values;
  private final ConditionCompiler conditions;
  private final RuleIds ids;

  RuleCompiler(Diagnostics diag, ValueReader values, ConditionCompiler conditions, RuleIds ids) {
    this.diag = diag;
    this.values = values;
    this.conditions = conditions;
    this.ids = ids;
  }

  static Effect effect(String word) {
    switch (word) {
      case "permit": case "allow": case "approve": return Effect.PERMIT;
      case "deny": case "block": case "reject": return Effect.DENY;
      case "defer": return Effect.DEFER;
      default: return null;
    }
  }

  CompiledRule compile(Ast.Rule r, String phase) {
    String id = ids.of(r);
    Effect effect = effect(r.effectWord());
    String pattern = r.pattern();
    if (pattern.isEmpty()) {
      diag.error(r.patternAt(), "empty tool pattern; use * to match every tool");
    }
    Condition condition = null;
    if (r.condition() != null) {
      condition = new Condition(conditions.compile(r.condition()), source(r.condition()));
    }
    return new CompiledRule(id, effect, r.strict(), Glob.path(pattern), http(r.clauses()), condition, phase,
        r.reason() == null ? null : values.string(r.reason(), "reason"),
        r.notifyTarget() == null ? null : values.string(r.notifyTarget(), "notify"), r.at());
  }

  private HttpMatch http(List<Ast.Clause> clauses) {
    if (clauses.isEmpty()) {
      return null;
    }
    List<Glob> hosts = new ArrayList<>();
    List<PortRange> ports = new ArrayList<>();
    List<Glob> methods = new ArrayList<>();
    List<Glob> paths = new ArrayList<>();
    Map<String, Glob> query = new LinkedHashMap<>();
    Map<String, Glob> headers = new LinkedHashMap<>();
    for (Ast.Clause c : clauses) {
      switch (c.kind()) {
        case "host":
          for (Ast.Value v : c.values()) {
            String s = values.string(v, "host");
            if (s != null) {
              hosts.add(Glob.host(s));
            }
          }
          break;
        case "method":
          for (Ast.Value v : c.values()) {
            String s = values.string(v, "method");
            if (s != null) {
              methods.add(Glob.word(s));
            }
          }
          break;
        case "path":
          for (Ast.Value v : c.values()) {
            String s = values.string(v, "path");
            if (s != null) {
              paths.add(Glob.path(s));
            }
          }
          break;
        case "port":
          for (Ast.Value v : c.values()) {
            PortRange p = port(v);
            if (p != null) {
              ports.add(p);
            }
          }
          break;
        case "query":
          query.put(c.key(), Glob.path(String.valueOf(values.string(c.values().get(0), "query value"))));
          break;
        default:
          headers.put(c.key(), Glob.path(String.valueOf(values.string(c.values().get(0), "header value"))));
      }
    }
    return new HttpMatch(hosts, ports, methods, paths, query, headers);
  }

  private PortRange port(Ast.Value v) {
    String text = v.kind() == Ast.Value.Kind.NUMBER ? ((BigDecimal) v.value()).toPlainString() : values.string(v, "port");
    if (text == null) {
      return null;
    }
    try {
      int dash = text.indexOf('-', 1);
      long lo = Long.parseLong(dash < 0 ? text : text.substring(0, dash));
      long hi = dash < 0 ? lo : Long.parseLong(text.substring(dash + 1).replace("-", ""));
      if (lo < 1 || hi > 65535 || lo > hi) {
        throw new NumberFormatException();
      }
      return new PortRange(lo, hi);
    } catch (NumberFormatException e) {
      diag.error(v.at(), "port must be a port number (1-65535) or a range such as 8000-8999, not \"" + text + "\"");
      return null;
    }
  }

  /** Renders a condition back to text for explanations. */
  static String source(Ast.Expr e) {
    if (e instanceof Ast.Literal) {
      Object v = ((Ast.Literal) e).value();
      return v instanceof String ? "\"" + v + "\"" : v == null ? "nil" : v instanceof BigDecimal
          ? ((BigDecimal) v).toPlainString() : String.valueOf(v);
    }
    if (e instanceof Ast.FieldRef) {
      return ((Ast.FieldRef) e).path();
    }
    if (e instanceof Ast.ListExpr) {
      List<String> parts = new ArrayList<>();
      for (Ast.Expr x : ((Ast.ListExpr) e).items()) {
        parts.add(source(x));
      }
      return "[" + String.join(", ", parts) + "]";
    }
    if (e instanceof Ast.Unary) {
      return "not " + source(((Ast.Unary) e).operand());
    }
    if (e instanceof Ast.Call) {
      Ast.Call c = (Ast.Call) e;
      List<String> parts = new ArrayList<>();
      for (Ast.Expr x : c.args()) {
        parts.add(source(x));
      }
      return c.name() + "(" + String.join(", ", parts) + ")";
    }
    Ast.Binary b = (Ast.Binary) e;
    String left = b.left() instanceof Ast.Binary && isLogic(b.left()) && !((Ast.Binary) b.left()).op().equals(b.op())
        ? "(" + source(b.left()) + ")" : source(b.left());
    String right = b.right() instanceof Ast.Binary && isLogic(b.right()) ? "(" + source(b.right()) + ")" : source(b.right());
    return left + " " + b.op() + " " + right;
  }

  private static boolean isLogic(Ast.Expr e) {
    return e instanceof Ast.Binary && (((Ast.Binary) e).op().equals("and") || ((Ast.Binary) e).op().equals("or"));
  }
}
