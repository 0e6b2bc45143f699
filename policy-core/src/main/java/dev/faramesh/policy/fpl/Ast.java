package dev.faramesh.policy.fpl;

import dev.faramesh.policy.SourceRef;
import java.util.ArrayList;
import java.util.List;

/**
 * The syntax tree of a {@code governance.fms} file, as written: no defaults applied, nothing
 * resolved. {@link PolicyCompiler} checks it and turns it into a {@link dev.faramesh.policy.Policy}.
 */
final class Ast {

  private Ast() {}

  /** A value on the right of a setting: string, number (with unit), money, bool, word, list or env("X"). */
  record Value(Kind kind, Object value, String unit, SourceRef at) {
    enum Kind { STRING, NUMBER, MONEY, BOOL, WORD, LIST, ENV }

    String text() {
      return value instanceof List ? value.toString() : String.valueOf(value) + (unit == null ? "" : unit);
    }

    @SuppressWarnings("unchecked")
    List<Value> items() {
      return kind == Kind.LIST ? (List<Value>) value : List.of(this);
    }
  }

  /** One {@code key [=] value} line of a settings block. */
  record Field(String key, Value value, SourceRef at) {}

  /** A block of settings: {@code runtime}, {@code identity "x"}, {@code credential x}, {@code spawn}, ... */
  record Settings(String keyword, String label, SourceRef at, List<Field> fields) {
    Field get(String key) {
      for (Field f : fields) {
        if (f.key().equals(key)) {
          return f;
        }
      }
      return null;
    }
  }

  /** A {@code host|port|method|path|query|header} clause of an HTTP rule. */
  record Clause(String kind, String key, List<Value> values, SourceRef at) {}

  /** One rule: effect, tool pattern and trailers. */
  record Rule(String effectWord, boolean strict, String pattern, SourceRef at, SourceRef patternAt,
      Expr condition, String conditionKeyword, Value reason, Value notifyTarget, List<Clause> clauses) {}

  record Phase(String name, SourceRef at, List<Rule> rules, Value duration, Value next, List<Value> tools) {}

  record RateLimit(String pattern, Value limit, Value window, SourceRef at) {}

  /** {@code delegate target { scope ttl ceiling }} (daemon form) or {@code delegate { to inherits }} (documented form). */
  record Delegate(String target, Settings settings) {}

  record Federation(String trustDomain, Value bundleUrl, SourceRef at) {}

  record Agent(String name, SourceRef at) {
    // Mutable while parsing; the compiler only reads.
    static final class Body {
      String defaultEffect;
      SourceRef defaultAt;
      final List<Rule> rules = new ArrayList<>();
      final List<Phase> phases = new ArrayList<>();
      final List<Settings> budgets = new ArrayList<>();
      final List<RateLimit> rateLimits = new ArrayList<>();
      final List<Settings> credentials = new ArrayList<>();
      final List<Delegate> delegates = new ArrayList<>();
      final List<Field> attributes = new ArrayList<>();
      final List<Settings> blocks = new ArrayList<>();
    }
  }

  record AgentDecl(Agent head, Agent.Body body) {}

  /** The whole file. */
  static final class Document {
    final List<Field> imports = new ArrayList<>();
    final List<Settings> runtimes = new ArrayList<>();
    final List<Settings> providers = new ArrayList<>();
    final List<Settings> identities = new ArrayList<>();
    final List<Federation> federations = new ArrayList<>();
    final List<Settings> systems = new ArrayList<>();
    final List<AgentDecl> agents = new ArrayList<>();
    final List<Rule> flatRules = new ArrayList<>();
    final List<Settings> credentials = new ArrayList<>();
    final List<RateLimit> rateLimits = new ArrayList<>();
    final List<Settings> budgets = new ArrayList<>();
  }

  /** Condition expressions. */
  sealed interface Expr permits Literal, FieldRef, Call, Unary, Binary, ListExpr {
    SourceRef at();
  }

  /** A string, number (BigDecimal), boolean or {@code nil} ({@code null}). */
  record Literal(Object value, SourceRef at) implements Expr {}

  /** {@code principal.role}, {@code args.amount}, {@code customer.tenant}, {@code amount}. */
  record FieldRef(String path, SourceRef at) implements Expr {}

  record Call(String name, List<Expr> args, SourceRef at) implements Expr {}

  record Unary(String op, Expr operand, SourceRef at) implements Expr {}

  record Binary(String op, Expr left, Expr right, SourceRef at) implements Expr {}

  record ListExpr(List<Expr> items, SourceRef at) implements Expr {}
}
