package dev.faramesh.policy.fpl;

import dev.faramesh.policy.SourceRef;
import dev.faramesh.policy.fpl.Token.Kind;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Recursive-descent parser for FPL. It accepts the grammar the Faramesh daemon parses (rules with
 * {@code when}, {@code reason:}/{@code notify:} trailers, {@code deny!}, settings without
 * {@code =}) and the forms the Faramesh documents use ({@code if}, {@code key = value}, lists,
 * quoted agent names, {@code delegate { to = [...] }}, {@code spawn { allow = [...] }}). On an
 * error it reports, skips to the next statement it recognises and goes on, so one run reports
 * every error in the file.
 */
final class Parser {

  static final Set<String> EFFECTS = Set.of("permit", "allow", "approve", "deny", "block", "reject", "defer");
  static final Set<String> TOP_LEVEL = Set.of("import", "runtime", "provider", "identity", "trust", "system",
      "agent", "credential", "rate_limit", "budget");
  static final Set<String> AGENT_ITEMS = Set.of("default", "model", "framework", "version", "description",
      "identity", "var", "budget", "phase", "rules", "delegate", "credential", "rate_limit", "redact", "egress",
      "model_policy", "session", "spawn", "completion_gate", "enforcement", "alert", "ambient", "selector");
  static final Set<String> RULE_TRAILERS = Set.of("when", "if", "reason", "notify", "host", "port",
      "method", "path", "query", "header", "headers");
  /** Words that continue a rule on a new line rather than start a new item. */
  private static final Set<String> CONTINUATIONS = Set.of("and", "or", "not", "in", "matches", "contains",
      "startsWith", "endsWith", "when", "if", "reason", "notify", "host", "port", "method", "path", "query", "header",
      "headers");

  private static final Set<String> AGENT_SETTINGS_BLOCKS = Set.of("egress", "model_policy", "session", "spawn",
      "completion_gate", "enforcement", "alert", "ambient", "selector");
  private static final Set<String> CREDENTIAL_KEYS = Set.of("backend", "path", "env", "hosts", "scope", "ttl",
      "max_scope", "field", "version", "description");

  private final TokenCursor in;
  private final Diagnostics diag;
  private final ConditionParser conditions;

  Parser(List<Token> tokens, Diagnostics diag) {
    this.in = new TokenCursor(tokens, diag);
    this.diag = diag;
    this.conditions = new ConditionParser(in);
  }

  Ast.Document parse() {
    Ast.Document doc = new Ast.Document();
    while (!peek().is(Kind.EOF)) {
      int before = in.position();
      Token t = peek();
      try {
        topLevel(doc, t);
      } catch (TokenCursor.Bail e) {
        recoverTopLevel();
      }
      if (in.position() == before) {
        next(); // never loop on the same token
      }
    }
    return doc;
  }

  private void topLevel(Ast.Document doc, Token t) {
    if (!t.is(Kind.WORD)) {
      throw fail(t, "expected a block such as agent, identity, credential or a rule, found " + t.describe());
    }
    switch (t.text()) {
      case "import": {
        next();
        Ast.Value v = value();
        doc.imports.add(new Ast.Field("import", v, ref(t)));
        if (peek().isWord("as")) {
          next();
          next();
        }
        return;
      }
      case "runtime": next(); doc.runtimes.add(settings("runtime", null, ref(t), Set.of())); return;
      case "provider": next(); doc.providers.add(settings("provider", label("provider"), ref(t), Set.of())); return;
      case "identity": next(); doc.identities.add(settings("identity", label("identity"), ref(t), Set.of())); return;
      case "system": next(); doc.systems.add(settings("system", label("system"), ref(t), Set.of())); return;
      case "trust": next(); trust(doc); return;
      case "agent": next(); doc.agents.add(agent(t)); return;
      case "credential": next(); doc.credentials.add(credential(t)); return;
      case "rate_limit": next(); doc.rateLimits.add(rateLimit(t)); return;
      case "budget": next(); doc.budgets.add(budget(t)); return;
      default:
        if (EFFECTS.contains(t.text())) {
          doc.flatRules.add(rule());
          return;
        }
        throw fail(t, "unknown block \"" + t.text() + "\"" + Suggestions.didYouMean(t.text(), union(TOP_LEVEL, EFFECTS)));
    }
  }

  // ---- agents -------------------------------------------------------------------------------

  private Ast.AgentDecl agent(Token kw) {
    String name = label("agent");
    Ast.Agent head = new Ast.Agent(name, ref(kw));
    Ast.Agent.Body body = new Ast.Agent.Body();
    expect(Kind.LBRACE, "\"{\" after agent " + name);
    while (!peek().is(Kind.RBRACE) && !peek().is(Kind.EOF)) {
      int before = in.position();
      try {
        agentItem(body);
      } catch (TokenCursor.Bail e) {
        recoverInBlock(union(AGENT_ITEMS, EFFECTS));
      }
      if (in.position() == before) {
        next();
      }
    }
    closeBlock("agent " + name, kw);
    return new Ast.AgentDecl(head, body);
  }

  private void agentItem(Ast.Agent.Body body) {
    Token t = peek();
    if (t.is(Kind.SEMICOLON) || t.is(Kind.COMMA)) {
      next();
      return;
    }
    if (!t.is(Kind.WORD)) {
      throw fail(t, "expected a rule or an agent setting, found " + t.describe());
    }
    if (EFFECTS.contains(t.text())) {
      body.rules.add(rule());
      return;
    }
    switch (t.text()) {
      case "default": {
        next();
        optionalEquals();
        Token e = peek();
        if (!e.is(Kind.WORD) && !e.is(Kind.STRING)) {
          throw fail(e, "expected an effect after default (permit, deny or defer), found " + e.describe());
        }
        next();
        body.defaultEffect = e.text();
        body.defaultAt = ref(e);
        return;
      }
      case "model": case "framework": case "version": case "description": case "identity": {
        next();
        optionalEquals();
        body.attributes.add(new Ast.Field(t.text(), value(), ref(t)));
        return;
      }
      case "var": {
        next();
        Token name = peek();
        if (!name.is(Kind.WORD)) {
          throw fail(name, "expected a variable name after var");
        }
        next();
        optionalEquals();
        body.attributes.add(new Ast.Field("var." + name.text(), value(), ref(name)));
        return;
      }
      case "rules": {
        next();
        expect(Kind.LBRACE, "\"{\" after rules");
        while (!peek().is(Kind.RBRACE) && !peek().is(Kind.EOF)) {
          int before = in.position();
          try {
            Token r = peek();
            if (r.is(Kind.WORD) && EFFECTS.contains(r.text())) {
              body.rules.add(rule());
            } else if (r.is(Kind.SEMICOLON) || r.is(Kind.COMMA)) {
              next();
            } else {
              throw fail(r, "expected a rule (permit, deny, deny!, defer), found " + r.describe()
                  + (r.is(Kind.WORD) ? Suggestions.didYouMean(r.text(), EFFECTS) : ""));
            }
          } catch (TokenCursor.Bail e) {
            recoverInBlock(EFFECTS);
          }
          if (in.position() == before) {
            next();
          }
        }
        closeBlock("rules", t);
        return;
      }
      case "phase": body.phases.add(phase(t)); return;
      case "budget": next(); body.budgets.add(budget(t)); return;
      case "credential": next(); body.credentials.add(credential(t)); return;
      case "rate_limit": next(); body.rateLimits.add(rateLimit(t)); return;
      case "delegate": {
        next();
        String target = null;
        if (peek().is(Kind.WORD) || peek().is(Kind.STRING)) {
          target = next().text();
        }
        body.delegates.add(new Ast.Delegate(target, settings("delegate", target, ref(t), Set.of())));
        return;
      }
      case "redact": {
        next();
        String tool = label("redact");
        if (peek().isWord("args")) {
          next();
        }
        if (peek().is(Kind.COLON)) {
          next();
        }
        Ast.Value paths = value();
        body.blocks.add(new Ast.Settings("redact", tool, ref(t), List.of(new Ast.Field("args", paths, paths.at()))));
        return;
      }
      default:
        if (AGENT_SETTINGS_BLOCKS.contains(t.text())) {
          next();
          String label = peek().is(Kind.WORD) || peek().is(Kind.STRING) ? next().text() : null;
          body.blocks.add(settings(t.text(), label, ref(t), "completion_gate".equals(t.text()) ? Set.of("require") : Set.of()));
          return;
        }
        throw fail(t, "unknown agent setting \"" + t.text() + "\"" + Suggestions.didYouMean(t.text(), union(AGENT_ITEMS, EFFECTS)));
    }
  }

  private Ast.Phase phase(Token kw) {
    next();
    String name = label("phase");
    expect(Kind.LBRACE, "\"{\" after phase " + name);
    List<Ast.Rule> rules = new ArrayList<>();
    Ast.Value duration = null;
    Ast.Value nextPhase = null;
    List<Ast.Value> tools = new ArrayList<>();
    while (!peek().is(Kind.RBRACE) && !peek().is(Kind.EOF)) {
      int before = in.position();
      try {
        Token t = peek();
        if (t.is(Kind.WORD) && EFFECTS.contains(t.text())) {
          rules.add(rule());
        } else if (t.isWord("duration")) {
          next();
          optionalEquals();
          duration = value();
        } else if (t.isWord("next")) {
          next();
          optionalEquals();
          nextPhase = value();
        } else if (t.isWord("tools")) {
          next();
          optionalEquals();
          tools.addAll(value().items());
        } else if (t.isWord("rules")) {
          next();
          expect(Kind.LBRACE, "\"{\" after rules");
          while (!peek().is(Kind.RBRACE) && !peek().is(Kind.EOF)) {
            int b2 = in.position();
            Token r = peek();
            if (r.is(Kind.WORD) && EFFECTS.contains(r.text())) {
              rules.add(rule());
            } else {
              throw fail(r, "expected a rule, found " + r.describe());
            }
            if (in.position() == b2) {
              next();
            }
          }
          closeBlock("rules", t);
        } else if (t.is(Kind.SEMICOLON) || t.is(Kind.COMMA)) {
          next();
        } else {
          throw fail(t, "unknown phase setting " + t.describe()
              + (t.is(Kind.WORD) ? Suggestions.didYouMean(t.text(), union(Set.of("duration", "next", "tools", "rules"), EFFECTS)) : ""));
        }
      } catch (TokenCursor.Bail e) {
        recoverInBlock(union(Set.of("duration", "next", "tools", "rules"), EFFECTS));
      }
      if (in.position() == before) {
        next();
      }
    }
    closeBlock("phase " + name, kw);
    return new Ast.Phase(name, ref(kw), rules, duration, nextPhase, tools);
  }

  // ---- rules --------------------------------------------------------------------------------

  private Ast.Rule rule() {
    Token effect = next();
    boolean strict = false;
    if (effect.text().equals("deny") && peek().isOperator("!")) {
      next();
      strict = true;
    }
    Token pattern = peek();
    if (!pattern.is(Kind.WORD) && !pattern.is(Kind.STRING)) {
      throw fail(pattern, "expected a tool name or pattern after " + effect.text() + (strict ? "!" : "")
          + ", found " + pattern.describe());
    }
    if (pattern.is(Kind.WORD) && (RULE_TRAILERS.contains(pattern.text()) || EFFECTS.contains(pattern.text()))) {
      throw fail(pattern, "expected a tool name or pattern after " + effect.text() + ", found the keyword \""
          + pattern.text() + "\"");
    }
    next();
    Ast.Expr condition = null;
    String conditionKeyword = null;
    Ast.Value reason = null;
    Ast.Value notify = null;
    List<Ast.Clause> clauses = new ArrayList<>();
    while (true) {
      Token t = peek();
      if (!t.is(Kind.WORD) || !RULE_TRAILERS.contains(t.text())) {
        break;
      }
      next();
      switch (t.text()) {
        case "when": case "if":
          if (condition != null) {
            throw fail(t, "a rule has one condition; combine them with and/or");
          }
          conditionKeyword = t.text();
          condition = conditions.parse();
          break;
        case "reason":
          optionalColon();
          reason = value();
          break;
        case "notify":
          optionalColon();
          notify = value();
          break;
        case "query": case "header": case "headers": {
          Token key = peek();
          if (!key.is(Kind.WORD) && !key.is(Kind.STRING)) {
            throw fail(key, "expected " + t.text() + " name=value");
          }
          next();
          if (!peek().is(Kind.EQUALS) && !peek().is(Kind.COLON)) {
            throw fail(peek(), "expected \"=\" after " + t.text() + " " + key.text());
          }
          next();
          clauses.add(new Ast.Clause(t.text().startsWith("header") ? "header" : "query", key.text(), List.of(value()), ref(t)));
          break;
        }
        case "port":
          clauses.add(new Ast.Clause("port", null, portValues(), ref(t)));
          break;
        default: { // host, method, path: one value, a list, or values separated by commas
          List<Ast.Value> vs = new ArrayList<>(value().items());
          while (peek().is(Kind.COMMA)) {
            next();
            vs.addAll(value().items());
          }
          clauses.add(new Ast.Clause(t.text(), null, vs, ref(t)));
        }
      }
    }
    return new Ast.Rule(effect.text(), strict, pattern.text(), ref(effect), ref(pattern), condition, conditionKeyword,
        reason, notify, clauses);
  }

  private List<Ast.Value> portValues() {
    List<Ast.Value> out = new ArrayList<>();
    do {
      if (peek().is(Kind.COMMA)) {
        next();
      }
      Token t = peek();
      if (t.is(Kind.NUMBER) && in.peekAt(1).is(Kind.NUMBER) && in.peekAt(1).text().startsWith("-")
          && !in.peekAt(1).spaceBefore()) {
        next();
        Token hi = next();
        out.add(new Ast.Value(Ast.Value.Kind.WORD, t.text() + hi.text(), null, ref(t)));
      } else {
        out.addAll(value().items());
      }
    } while (peek().is(Kind.COMMA));
    return out;
  }

  // ---- settings blocks ----------------------------------------------------------------------

  private Ast.Settings credential(Token kw) {
    String name = label("credential");
    return settings("credential", name, ref(kw), Set.of("scope"), CREDENTIAL_KEYS);
  }

  private Ast.Settings budget(Token kw) {
    String name = peek().is(Kind.WORD) || peek().is(Kind.STRING) ? next().text() : "default";
    return settings("budget", name, ref(kw), Set.of("tools"), Set.of());
  }

  private Ast.RateLimit rateLimit(Token kw) {
    Token pattern = peek();
    if (!pattern.is(Kind.WORD) && !pattern.is(Kind.STRING)) {
      throw fail(pattern, "expected a tool pattern after rate_limit, as in: rate_limit stripe/*: 10 per minute");
    }
    next();
    if (peek().is(Kind.LBRACE)) {
      Ast.Settings s = settings("rate_limit", pattern.text(), ref(kw), Set.of());
      Ast.Field limit = s.get("limit");
      Ast.Field window = s.get("window");
      if (limit == null) {
        diag.error(ref(kw), "rate_limit " + pattern.text() + " needs limit = N");
      }
      return new Ast.RateLimit(pattern.text(), limit == null ? null : limit.value(),
          window == null ? null : window.value(), ref(kw));
    }
    if (peek().is(Kind.COLON)) {
      next();
    }
    Token limit = peek();
    if (!limit.is(Kind.NUMBER)) {
      throw fail(limit, "expected a number after rate_limit " + pattern.text() + ":, as in 10 per minute");
    }
    next();
    if (!peek().isWord("per")) {
      throw fail(peek(), "expected \"per\" after the limit, as in 10 per minute");
    }
    next();
    Token window = peek();
    if (!window.is(Kind.WORD) && !window.is(Kind.NUMBER) && !window.is(Kind.STRING)) {
      throw fail(window, "expected a window (second, minute, hour, day or a duration such as 30s)");
    }
    next();
    return new Ast.RateLimit(pattern.text(), number(limit), new Ast.Value(Ast.Value.Kind.WORD, window.text(), null, ref(window)), ref(kw));
  }

  private void trust(Ast.Document doc) {
    Token open = peek();
    expect(Kind.LBRACE, "\"{\" after trust");
    while (!peek().is(Kind.RBRACE) && !peek().is(Kind.EOF)) {
      int before = in.position();
      try {
        Token t = peek();
        if (t.isWord("spiffe_federated")) {
          next();
          Token domain = peek();
          if (!domain.is(Kind.STRING) && !domain.is(Kind.WORD)) {
            throw fail(domain, "expected the federated trust domain, as in spiffe_federated \"spiffe://partner.example.com\"");
          }
          next();
          Ast.Value bundle = null;
          if (peek().isWord("bundle_url")) {
            next();
            optionalEquals();
            bundle = value();
          }
          doc.federations.add(new Ast.Federation(domain.text(), bundle, ref(domain)));
        } else if (t.isWord("delegation") || t.isWord("inbound")) {
          // Daemon-only trust lines: kept parseable, reported by the compiler as not enforced here.
          next();
          diag.warning(ref(t), "trust \"" + t.text() + "\" lines are accepted but not enforced by the JVM runtime");
          while (!peek().is(Kind.RBRACE) && !peek().is(Kind.EOF) && !peek().isWord("spiffe_federated")
              && !peek().isWord("delegation") && !peek().isWord("inbound")) {
            if (peek().is(Kind.LBRACKET)) {
              value();
            } else {
              next();
            }
          }
        } else if (t.is(Kind.SEMICOLON) || t.is(Kind.COMMA)) {
          next();
        } else {
          throw fail(t, "unknown trust entry " + t.describe()
              + (t.is(Kind.WORD) ? Suggestions.didYouMean(t.text(), Set.of("spiffe_federated", "delegation", "inbound")) : ""));
        }
      } catch (TokenCursor.Bail e) {
        recoverInBlock(Set.of("spiffe_federated", "delegation", "inbound"));
      }
      if (in.position() == before) {
        next();
      }
    }
    closeBlock("trust", open);
  }

  private Ast.Settings settings(String keyword, String label, SourceRef at, Set<String> multiKeys) {
    return settings(keyword, label, at, multiKeys, Set.of());
  }

  /**
   * {@code { key [=|:] value ... }}. Keys in {@code multiKeys} written without "=" take every following
   * word or string that is not itself a key in {@code knownKeys} (the daemon's {@code scope a b c}).
   */
  private Ast.Settings settings(String keyword, String label, SourceRef at, Set<String> multiKeys, Set<String> knownKeys) {
    Token open = peek();
    expect(Kind.LBRACE, "\"{\" to open the " + keyword + " block");
    List<Ast.Field> fields = new ArrayList<>();
    while (!peek().is(Kind.RBRACE) && !peek().is(Kind.EOF)) {
      int before = in.position();
      try {
        Token key = peek();
        if (key.is(Kind.SEMICOLON) || key.is(Kind.COMMA)) {
          next();
          continue;
        }
        if (!key.is(Kind.WORD) && !key.is(Kind.STRING)) {
          throw fail(key, "expected a setting name in the " + keyword + " block, found " + key.describe());
        }
        next();
        boolean hadEquals = optionalEquals();
        if (peek().is(Kind.RBRACE) || peek().is(Kind.EOF)) {
          throw fail(peek(), "missing value for " + key.text());
        }
        Ast.Value v = value();
        if (!hadEquals && multiKeys.contains(key.text()) && !v.kind().equals(Ast.Value.Kind.LIST)) {
          List<Ast.Value> items = new ArrayList<>(List.of(v));
          while ((peek().is(Kind.WORD) && !knownKeys.contains(peek().text())
                  && !in.peekAt(1).is(Kind.EQUALS)) || peek().is(Kind.STRING)) {
            items.add(value());
          }
          if (items.size() > 1) {
            v = new Ast.Value(Ast.Value.Kind.LIST, List.copyOf(items), null, v.at());
          }
        }
        fields.add(new Ast.Field(key.text(), v, ref(key)));
      } catch (TokenCursor.Bail e) {
        recoverSettings();
      }
      if (in.position() == before) {
        next();
      }
    }
    closeBlock(keyword + (label == null ? "" : " " + label), open);
    return new Ast.Settings(keyword, label, at, fields);
  }

  Ast.Value value() {
    Token t = peek();
    switch (t.kind()) {
      case STRING:
        next();
        return new Ast.Value(Ast.Value.Kind.STRING, t.text(), null, ref(t));
      case NUMBER:
        next();
        return number(t);
      case MONEY:
        next();
        return new Ast.Value(Ast.Value.Kind.MONEY, numberValue(in, t), null, ref(t));
      case LBRACKET: {
        next();
        List<Ast.Value> items = new ArrayList<>();
        while (!peek().is(Kind.RBRACKET)) {
          if (peek().is(Kind.EOF) || peek().is(Kind.RBRACE)) {
            throw fail(t, "unterminated list (missing \"]\")");
          }
          items.add(value());
          if (peek().is(Kind.COMMA)) {
            next();
          }
        }
        next();
        return new Ast.Value(Ast.Value.Kind.LIST, List.copyOf(items), null, ref(t));
      }
      case WORD:
        next();
        if (t.text().equals("true") || t.text().equals("false")) {
          return new Ast.Value(Ast.Value.Kind.BOOL, Boolean.valueOf(t.text()), null, ref(t));
        }
        if (t.text().equals("env") && peek().is(Kind.LPAREN)) {
          next();
          Token var = peek();
          if (!var.is(Kind.STRING) && !var.is(Kind.WORD)) {
            throw fail(var, "expected a variable name in env(\"NAME\")");
          }
          next();
          expect(Kind.RPAREN, "\")\" after env(\"" + var.text() + "\"");
          return new Ast.Value(Ast.Value.Kind.ENV, var.text(), null, ref(t));
        }
        return new Ast.Value(Ast.Value.Kind.WORD, t.text(), null, ref(t));
      default:
        throw fail(t, "expected a value, found " + t.describe());
    }
  }

  private Ast.Value number(Token t) {
    String unit = unitOf(t.text());
    return new Ast.Value(Ast.Value.Kind.NUMBER, numberValue(in, t), unit.isEmpty() ? null : unit, ref(t));
  }

  static BigDecimal numberValue(TokenCursor in, Token t) {
    String text = t.text();
    int end = 0;
    while (end < text.length() && (Character.isDigit(text.charAt(end)) || text.charAt(end) == '.' || text.charAt(end) == '-')) {
      end++;
    }
    if (end == 0 && text.isEmpty()) {
      return BigDecimal.ZERO; // the lexer already reported the missing amount
    }
    try {
      return new BigDecimal(text.substring(0, end));
    } catch (NumberFormatException e) {
      in.diag().error(in.ref(t), "invalid number \"" + text + "\"");
      return BigDecimal.ZERO;
    }
  }

  static String unitOf(String text) {
    int end = 0;
    while (end < text.length() && (Character.isDigit(text.charAt(end)) || text.charAt(end) == '.' || text.charAt(end) == '-')) {
      end++;
    }
    return text.substring(end);
  }

  // ---- recovery ------------------------------------------------------------------------------

  private String label(String what) {
    Token t = peek();
    if (t.is(Kind.WORD) || t.is(Kind.STRING)) {
      next();
      return t.text();
    }
    throw fail(t, "expected a name after " + what + ", found " + t.describe());
  }


  private void optionalColon() {
    if (peek().is(Kind.COLON) || peek().is(Kind.EQUALS)) {
      next();
    }
  }


  private void closeBlock(String what, Token opened) {
    if (peek().is(Kind.RBRACE)) {
      next();
    } else if (!diag.hasErrorAfter(opened.line(), opened.column())) {
      // An earlier error inside the block (an unterminated string, say) usually ate the brace.
      diag.error(ref(opened), "unclosed " + what + " (missing \"}\")");
    }
  }





  /** Skip to the next top-level keyword outside any braces. */
  private void recoverTopLevel() {
    int depth = 0;
    while (!peek().is(Kind.EOF)) {
      Token t = peek();
      if (depth == 0 && t.is(Kind.WORD) && t.spaceBefore() && (TOP_LEVEL.contains(t.text()) || EFFECTS.contains(t.text()))
          && startsLine(t)) {
        return;
      }
      if (t.is(Kind.LBRACE)) {
        depth++;
      } else if (t.is(Kind.RBRACE)) {
        depth = Math.max(0, depth - 1);
      }
      next();
    }
  }

  /** Skip to the next item this block knows, or to its closing brace. */
  private void recoverInBlock(Set<String> items) {
    int depth = 0;
    boolean first = true;
    while (!peek().is(Kind.EOF)) {
      Token t = peek();
      if (depth == 0 && t.is(Kind.RBRACE)) {
        return;
      }
      // A word at the start of a line usually starts the next item; unknown ones get reported there.
      if (!first && depth == 0 && t.is(Kind.WORD) && startsLine(t)
          && (items.contains(t.text()) || !CONTINUATIONS.contains(t.text()))) {
        return;
      }
      if (t.is(Kind.LBRACE)) {
        depth++;
      } else if (t.is(Kind.RBRACE)) {
        depth--;
      }
      next();
      first = false;
    }
  }

  /** Skip the rest of a bad setting line. */
  private void recoverSettings() {
    int line = peek().line();
    int depth = 0;
    while (!peek().is(Kind.EOF)) {
      Token t = peek();
      if (depth == 0 && (t.is(Kind.RBRACE) || t.line() != line)) {
        return;
      }
      if (t.is(Kind.LBRACE) || t.is(Kind.LBRACKET)) {
        depth++;
      } else if (t.is(Kind.RBRACE) || t.is(Kind.RBRACKET)) {
        depth--;
      }
      next();
    }
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    java.util.Set<String> s = new java.util.TreeSet<>(a);
    s.addAll(b);
    return s;
  }

  private Token peek() {
    return in.peek();
  }

  private Token next() {
    return in.next();
  }

  private SourceRef ref(Token t) {
    return in.ref(t);
  }

  private TokenCursor.Bail fail(Token at, String message) {
    return in.fail(at, message);
  }

  private void expect(Kind kind, String what) {
    in.expect(kind, what);
  }

  private boolean optionalEquals() {
    return in.optionalEquals();
  }

  private boolean startsLine(Token t) {
    return in.startsLine(t);
  }
}
