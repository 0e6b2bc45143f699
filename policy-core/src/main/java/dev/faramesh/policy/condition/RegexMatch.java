package dev.faramesh.policy.condition;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code x matches "regex"}: RE2 semantics (re2j), so matching time is linear in the input
 * whatever the pattern; a policy can not be turned into a ReDoS. Literal patterns are compiled at
 * load time; patterns computed at run time are compiled once and cached (bounded).
 */
public final class RegexMatch implements Expr {

  private static final int MAX_DYNAMIC = 256;

  private final Expr subject;
  private final Expr patternExpr;
  private final Pattern compiled;
  private final ConcurrentHashMap<String, Pattern> dynamic;

  public RegexMatch(Expr subject, Expr patternExpr, Pattern compiled) {
    this.subject = subject;
    this.patternExpr = patternExpr;
    this.compiled = compiled;
    this.dynamic = compiled == null ? new ConcurrentHashMap<>() : null;
  }

  /** Compiles a pattern, returning the RE2 error text on failure. */
  public static String check(String regex) {
    try {
      Pattern.compile(regex);
      return null;
    } catch (PatternSyntaxException e) {
      return e.getDescription();
    }
  }

  @Override
  public Object eval(EvalContext ctx) throws EvalException {
    Object s = subject.eval(ctx);
    if (s == Missing.VALUE || s == null) {
      return Boolean.FALSE;
    }
    if (!(s instanceof String)) {
      throw new EvalException("matches needs a string, found " + Values.typeName(s));
    }
    Pattern p = compiled != null ? compiled : dynamicPattern(patternExpr.eval(ctx));
    return p.matcher((String) s).find();
  }

  private Pattern dynamicPattern(Object re) throws EvalException {
    if (!(re instanceof String)) {
      throw new EvalException("matches needs a regex string, found " + Values.typeName(re));
    }
    Pattern p = dynamic.get(re);
    if (p == null) {
      try {
        p = Pattern.compile((String) re);
      } catch (PatternSyntaxException e) {
        throw new EvalException("invalid regex: " + e.getDescription());
      }
      if (dynamic.size() < MAX_DYNAMIC) {
        dynamic.put((String) re, p);
      }
    }
    return p;
  }

  @Override
  public String toString() {
    return subject + " matches " + patternExpr;
  }
}
