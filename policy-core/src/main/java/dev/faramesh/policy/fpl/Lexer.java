package dev.faramesh.policy.fpl;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits FPL source into tokens. Words cover keywords, identifiers, dotted field paths and tool
 * patterns ({@code stripe/*}, {@code args.amount}, {@code payments-bot}); numbers may carry a unit
 * ({@code 30s}, {@code 10mb}); {@code $500} is a money literal; {@code #} starts a comment; a
 * backslash at the end of a line continues it. Lexical errors are reported and skipped, so one
 * run finds every error in a file.
 */
final class Lexer {

  private final String src;
  private final Diagnostics diagnostics;
  private final List<Token> out = new ArrayList<>();
  private int pos;
  private int line = 1;
  private int lineStart;
  private boolean space = true;

  Lexer(String src, Diagnostics diagnostics) {
    this.src = src;
    this.diagnostics = diagnostics;
  }

  List<Token> tokenize() {
    while (true) {
      skipSpaceAndComments();
      if (pos >= src.length()) {
        out.add(new Token(Token.Kind.EOF, "", line, col(pos), true));
        return out;
      }
      int start = pos;
      int startCol = col(pos);
      char c = src.charAt(pos);
      if (c == '"' || c == '\'') {
        string(c, startCol);
      } else if (Character.isDigit(c) || (c == '-' && pos + 1 < src.length() && Character.isDigit(src.charAt(pos + 1)))) {
        number(Token.Kind.NUMBER, start, startCol);
      } else if (c == '$') {
        pos++;
        while (pos < src.length() && src.charAt(pos) == ' ') {
          pos++;
        }
        if (pos < src.length() && Character.isDigit(src.charAt(pos))) {
          number(Token.Kind.MONEY, pos, startCol);
        } else {
          diagnostics.error(line, startCol, "\"$\" must be followed by an amount, as in $500");
          emit(Token.Kind.MONEY, "", startCol); // stands in for the amount so the parser does not pile on
        }
      } else if (isWordStart(c)) {
        while (pos < src.length() && isWordPart(src.charAt(pos))) {
          pos++;
        }
        emit(Token.Kind.WORD, src.substring(start, pos), startCol);
      } else {
        punctuation(c, startCol);
      }
    }
  }

  private void punctuation(char c, int startCol) {
    String two = pos + 1 < src.length() ? src.substring(pos, pos + 2) : "";
    switch (two) {
      case "==": case "!=": case "<=": case ">=": case "&&": case "||":
        pos += 2;
        emit(Token.Kind.OPERATOR, two, startCol);
        return;
      default:
        break;
    }
    pos++;
    switch (c) {
      case '{': emit(Token.Kind.LBRACE, "{", startCol); return;
      case '}': emit(Token.Kind.RBRACE, "}", startCol); return;
      case '[': emit(Token.Kind.LBRACKET, "[", startCol); return;
      case ']': emit(Token.Kind.RBRACKET, "]", startCol); return;
      case '(': emit(Token.Kind.LPAREN, "(", startCol); return;
      case ')': emit(Token.Kind.RPAREN, ")", startCol); return;
      case ',': emit(Token.Kind.COMMA, ",", startCol); return;
      case '=': emit(Token.Kind.EQUALS, "=", startCol); return;
      case ':': emit(Token.Kind.COLON, ":", startCol); return;
      case ';': emit(Token.Kind.SEMICOLON, ";", startCol); return;
      case '<': case '>': case '!':
        emit(Token.Kind.OPERATOR, String.valueOf(c), startCol);
        return;
      default:
        diagnostics.error(line, startCol, "unexpected character '" + printable(c) + "'");
    }
  }

  private void string(char quote, int startCol) {
    int startLine = line;
    StringBuilder sb = new StringBuilder();
    pos++;
    while (true) {
      if (pos >= src.length() || src.charAt(pos) == '\n') {
        diagnostics.error(startLine, startCol, "unterminated string (missing closing " + quote + ")");
        emit(Token.Kind.STRING, sb.toString(), startCol);
        return;
      }
      char c = src.charAt(pos++);
      if (c == quote) {
        break;
      }
      if (c == '\\' && pos < src.length()) {
        char e = src.charAt(pos++);
        switch (e) {
          case 'n': sb.append('\n'); break;
          case 't': sb.append('\t'); break;
          case 'r': sb.append('\r'); break;
          case '"': case '\'': case '\\': sb.append(e); break;
          // Unknown escapes stay as written, so regexes such as "\d+" mean what they say.
          default: sb.append('\\').append(e);
        }
      } else {
        sb.append(c);
      }
    }
    Token t = new Token(Token.Kind.STRING, sb.toString(), startLine, startCol, space);
    out.add(t);
    space = false;
  }

  private void number(Token.Kind kind, int start, int startCol) {
    if (src.charAt(pos) == '-') {
      pos++;
    }
    while (pos < src.length() && (Character.isDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
      pos++;
    }
    if (pos + 1 < src.length() && src.charAt(pos) == '.' && Character.isDigit(src.charAt(pos + 1))) {
      pos++;
      while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
        pos++;
      }
    }
    // A unit suffix (30s, 1h30m, 10mb, 5usd) belongs to the number.
    while (pos < src.length() && Character.isLetterOrDigit(src.charAt(pos))) {
      pos++;
    }
    emit(kind, src.substring(start, pos).replace("_", ""), startCol);
  }

  private void skipSpaceAndComments() {
    while (pos < src.length()) {
      char c = src.charAt(pos);
      if (c == '\n') {
        pos++;
        line++;
        lineStart = pos;
        space = true;
      } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f') {
        pos++;
        space = true;
      } else if (c == '#') {
        while (pos < src.length() && src.charAt(pos) != '\n') {
          pos++;
        }
      } else if (c == '\\' && restOfLineIsBlank(pos + 1)) {
        pos++; // line continuation, as in the documented trust block
        space = true;
      } else {
        return;
      }
    }
  }

  private boolean restOfLineIsBlank(int from) {
    for (int i = from; i < src.length(); i++) {
      char c = src.charAt(i);
      if (c == '\n') {
        return true;
      }
      if (c != ' ' && c != '\t' && c != '\r') {
        return false;
      }
    }
    return true;
  }

  private void emit(Token.Kind kind, String text, int column) {
    out.add(new Token(kind, text, line, column, space));
    space = false;
  }

  private int col(int offset) {
    return offset - lineStart + 1;
  }

  static boolean isWordStart(char c) {
    return Character.isLetter(c) || c == '_' || c == '*' || c == '/';
  }

  static boolean isWordPart(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.' || c == '/' || c == '*' || c == '@';
  }

  private static String printable(char c) {
    return c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c);
  }
}
