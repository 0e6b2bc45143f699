package dev.faramesh.audit;

/**
 * Writes JSON strings exactly as Go's {@code encoding/json.Marshal} does (Go 1.22 and later, which the
 * Faramesh daemon is built with): HTML-sensitive {@code < > &} and U+2028/U+2029 are escaped as
 * six-character {@code &#92;u003c}-style sequences, {@code &#92;b &#92;f &#92;n &#92;r &#92;t} use their
 * short forms, other control characters become lowercase {@code &#92;u00xx} escapes, and invalid UTF-16 (a lone surrogate, which is what an
 * invalid escape decodes to) is coerced to U+FFFD as Go coerces invalid UTF-8.
 */
final class GoJsonText {
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private GoJsonText() {
    }

    static void putString(ByteSink out, String s) {
        if (isPlain(s)) {
            out.put('"');
            out.putAscii(s);
            out.put('"');
            return;
        }
        out.put('"');
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                putAsciiChar(out, c);
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                out.putCodePoint(Character.toCodePoint(c, s.charAt(i + 1)));
                i++;
            } else if (Character.isSurrogate(c)) {
                out.putCodePoint(0xFFFD);
            } else if (c == '\u2028' || c == '\u2029') {
                out.putAscii(c == '\u2028' ? "\\u2028" : "\\u2029");
            } else {
                out.putCodePoint(c);
            }
        }
        out.put('"');
    }

    /** True when every character is printable ASCII that Go writes unescaped: the common case, copied as is. */
    private static boolean isPlain(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x7F || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&') {
                return false;
            }
        }
        return true;
    }

    private static void putAsciiChar(ByteSink out, char c) {
        switch (c) {
            case '"' -> out.putAscii("\\\"");
            case '\\' -> out.putAscii("\\\\");
            case '\b' -> out.putAscii("\\b");
            case '\f' -> out.putAscii("\\f");
            case '\n' -> out.putAscii("\\n");
            case '\r' -> out.putAscii("\\r");
            case '\t' -> out.putAscii("\\t");
            case '<', '>', '&' -> putUnicodeEscape(out, c);
            default -> {
                if (c < 0x20) {
                    putUnicodeEscape(out, c);
                } else {
                    out.put(c);
                }
            }
        }
    }

    private static void putUnicodeEscape(ByteSink out, char c) {
        out.putAscii("\\u00");
        out.put(HEX[c >> 4]);
        out.put(HEX[c & 0xF]);
    }
}
