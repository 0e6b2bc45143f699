package dev.faramesh.policy.fpl;

/**
 * One lexical token of FPL. {@code text} is the token as written (for strings: the decoded
 * content); {@code spaceBefore} tells {@code deny!} (strict) from {@code deny !x}.
 */
record Token(Kind kind, String text, int line, int column, boolean spaceBefore) {

  enum Kind {
    WORD, STRING, NUMBER, MONEY,
    LBRACE, RBRACE, LBRACKET, RBRACKET, LPAREN, RPAREN,
    COMMA, EQUALS, COLON, SEMICOLON, OPERATOR, EOF
  }

  boolean is(Kind k) {
    return kind == k;
  }

  boolean isWord(String w) {
    return kind == Kind.WORD && text.equals(w);
  }

  boolean isOperator(String op) {
    return kind == Kind.OPERATOR && text.equals(op);
  }

  /** How the token reads in an error message. */
  String describe() {
    switch (kind) {
      case EOF: return "end of file";
      case STRING: return "string \"" + text + "\"";
      case WORD: return "\"" + text + "\"";
      default: return "\"" + text + "\"";
    }
  }
}
