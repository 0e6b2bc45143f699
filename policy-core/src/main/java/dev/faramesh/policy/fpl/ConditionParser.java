package dev.faramesh.policy.fpl;

import dev.faramesh.policy.fpl.Token.Kind;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Parses a rule condition: {@code or}/{@code ||} below {@code and}/{@code &&} below
 * {@code not}/{@code !} below one comparison ({@code == != < <= > >= in not-in matches contains
 * startsWith endsWith}) between primaries (literals, {@code $} amounts, fields, calls, lists,
 * parentheses). The condition ends at the first token that cannot continue it, so the trailers
 * of a rule ({@code reason:}, {@code host}, ...) and the next rule need no separator.
 */
final class ConditionParser {

  private final TokenCursor in;

  ConditionParser(TokenCursor in) {
    this.in = in;
  }

  Ast.Expr parse() {
    return or();
  }

  private Ast.Expr or() {
    Ast.Expr left = and();
    while (in.peek().isWord("or") || in.peek().isOperator("||")) {
      Token op = in.next();
      left = new Ast.Binary("or", left, and(), in.ref(op));
    }
    return left;
  }

  private Ast.Expr and() {
    Ast.Expr left = not();
    while (in.peek().isWord("and") || in.peek().isOperator("&&")) {
      Token op = in.next();
      left = new Ast.Binary("and", left, not(), in.ref(op));
    }
    return left;
  }

  private Ast.Expr not() {
    if (in.peek().isWord("not") || in.peek().isOperator("!")) {
      Token op = in.next();
      return new Ast.Unary("not", not(), in.ref(op));
    }
    return comparison();
  }

  private static final Set<String> WORD_OPERATORS = Set.of("in", "matches", "contains", "startsWith", "endsWith");

  private Ast.Expr comparison() {
    Ast.Expr left = primary();
    Token t = in.peek();
    String op = null;
    if (t.is(Kind.OPERATOR) && !t.text().equals("!") && !t.text().equals("&&") && !t.text().equals("||")) {
      op = t.text();
      in.next();
    } else if (t.is(Kind.WORD) && WORD_OPERATORS.contains(t.text())) {
      op = t.text();
      in.next();
    } else if (t.isWord("not") && in.peekAt(1).isWord("in")) {
      in.next();
      in.next();
      op = "not in";
    } else if (t.is(Kind.EQUALS)) {
      throw in.fail(t, "use \"==\" to compare, \"=\" is not an operator in conditions");
    }
    if (op == null) {
      return left;
    }
    Ast.Expr right = primary();
    return new Ast.Binary(op, left, right, in.ref(t));
  }

  private Ast.Expr primary() {
    Token t = in.peek();
    switch (t.kind()) {
      case STRING:
        in.next();
        return new Ast.Literal(t.text(), in.ref(t));
      case NUMBER:
      case MONEY: {
        in.next();
        BigDecimal n = Parser.numberValue(in, t);
        String unit = Parser.unitOf(t.text());
        if (t.is(Kind.NUMBER) && !unit.isEmpty()) {
          in.diag().error(in.ref(t), "a number in a condition cannot carry a unit (\"" + t.text() + "\")");
        }
        return new Ast.Literal(n, in.ref(t));
      }
      case LPAREN: {
        in.next();
        Ast.Expr inner = parse();
        in.expect(Kind.RPAREN, "\")\"");
        return inner;
      }
      case LBRACKET: {
        in.next();
        List<Ast.Expr> items = new ArrayList<>();
        while (!in.peek().is(Kind.RBRACKET)) {
          if (in.peek().is(Kind.EOF)) {
            throw in.fail(in.peek(), "unterminated list (missing \"]\")");
          }
          items.add(primary());
          if (in.peek().is(Kind.COMMA)) {
            in.next();
          } else if (!in.peek().is(Kind.RBRACKET)) {
            throw in.fail(in.peek(), "expected \",\" or \"]\" in list, found " + in.peek().describe());
          }
        }
        in.next();
        return new Ast.ListExpr(items, in.ref(t));
      }
      case WORD: {
        String w = t.text();
        if (w.equals("true") || w.equals("false")) {
          in.next();
          return new Ast.Literal(Boolean.valueOf(w), in.ref(t));
        }
        if (w.equals("nil") || w.equals("null")) {
          in.next();
          return new Ast.Literal(null, in.ref(t));
        }
        if (w.equals("and") || w.equals("or") || w.equals("in") || Parser.RULE_TRAILERS.contains(w) && !isFieldAlias(w)
            || Parser.EFFECTS.contains(w)) {
          throw in.fail(t, "expected a value or a field in the condition, found the keyword \"" + w + "\"");
        }
        in.next();
        if (in.peek().is(Kind.LPAREN)) {
          in.next();
          List<Ast.Expr> args = new ArrayList<>();
          while (!in.peek().is(Kind.RPAREN)) {
            if (in.peek().is(Kind.EOF)) {
              throw in.fail(in.peek(), "unterminated call to " + w + " (missing \")\")");
            }
            args.add(parse());
            if (in.peek().is(Kind.COMMA)) {
              in.next();
            } else if (!in.peek().is(Kind.RPAREN)) {
              throw in.fail(in.peek(), "expected \",\" or \")\" in call to " + w + ", found " + in.peek().describe());
            }
          }
          in.next();
          return new Ast.Call(w, args, in.ref(t));
        }
        return new Ast.FieldRef(w, in.ref(t));
      }
      default:
        throw in.fail(t, "expected a value or a field in the condition, found " + t.describe());
    }
  }

  private static boolean isFieldAlias(String w) {
    return w.equals("host") || w.equals("path") || w.equals("method") || w.equals("port");
  }
}
