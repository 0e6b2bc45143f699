package dev.faramesh.policy.fpl;

import dev.faramesh.policy.SourceRef;
import dev.faramesh.policy.fpl.Token.Kind;
import java.util.List;

/**
 * The position of the parsers in the token list, with the small steps both share: look, take,
 * expect, and report an error by throwing {@link Bail} to the nearest recovery point.
 */
final class TokenCursor {

  private final List<Token> tokens;
  private final Diagnostics diag;
  private int i;

  TokenCursor(List<Token> tokens, Diagnostics diag) {
    this.tokens = tokens;
    this.diag = diag;
  }

  Diagnostics diag() {
    return diag;
  }

  int position() {
    return i;
  }

  Token peek() {
    return tokens.get(i);
  }

  /** The token {@code ahead} places after the current one (EOF past the end). */
  Token peekAt(int ahead) {
    return tokens.get(Math.min(i + ahead, tokens.size() - 1));
  }

  Token next() {
    Token t = tokens.get(i);
    if (!t.is(Kind.EOF)) {
      i++;
    }
    return t;
  }

  SourceRef ref(Token t) {
    return diag.at(t.line(), t.column());
  }

  Bail fail(Token at, String message) {
    diag.error(ref(at), message);
    return new Bail();
  }

  void expect(Kind kind, String what) {
    if (!peek().is(kind)) {
      throw fail(peek(), "expected " + what + ", found " + peek().describe());
    }
    next();
  }

  /** Skips an optional {@code =} or {@code :}; true when there was one. */
  boolean optionalEquals() {
    if (peek().is(Kind.EQUALS) || peek().is(Kind.COLON)) {
      next();
      return true;
    }
    return false;
  }

  /** Whether {@code t}, the current token, is the first on its line (recovery resumes only there). */
  boolean startsLine(Token t) {
    return i == 0 || tokens.get(i - 1).line() != t.line();
  }

  /** Unwinds to the nearest recovery point after an error has been reported. */
  static final class Bail extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Bail() {
      super(null, null, false, false);
    }
  }
}
