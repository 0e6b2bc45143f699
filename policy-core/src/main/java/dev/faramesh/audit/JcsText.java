package dev.faramesh.audit;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes JSON values in RFC 8785 (JCS) canonical form: object members sorted by their names' UTF-16
 * code units, no whitespace, strings escaped as ECMAScript's {@code JSON.stringify} does, numbers as
 * ECMAScript renders an IEEE-754 double. Used for our own full-record canonicalization and for the
 * principal claims hash.
 */
final class JcsText {
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final long MAX_SAFE_INTEGER = 1L << 53;

    private JcsText() {
    }

    static void putValue(ByteSink out, Object value) throws CanonicalizationException {
        if (value == null) {
            out.putAscii("null");
        } else if (value instanceof String s) {
            putString(out, s);
        } else if (value instanceof Boolean b) {
            out.putAscii(b ? "true" : "false");
        } else if (value instanceof Number n) {
            putNumber(out, n);
        } else if (value instanceof Map<?, ?> m) {
            putObject(out, m, null);
        } else if (value instanceof List<?> list) {
            out.put('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.put(',');
                }
                putValue(out, list.get(i));
            }
            out.put(']');
        } else {
            throw new CanonicalizationException("unsupported JSON value type " + value.getClass().getName());
        }
    }

    /** Writes an object with sorted members, leaving out the names in {@code excluded} (may be null). */
    static void putObject(ByteSink out, Map<?, ?> map, java.util.Set<String> excluded) throws CanonicalizationException {
        List<String> names = new ArrayList<>(map.size());
        for (Object key : map.keySet()) {
            String name = String.valueOf(key);
            if (excluded == null || !excluded.contains(name)) {
                names.add(name);
            }
        }
        names.sort(null);
        out.put('{');
        boolean first = true;
        for (String name : names) {
            if (!first) {
                out.put(',');
            }
            first = false;
            putString(out, name);
            out.put(':');
            putValue(out, map.get(name));
        }
        out.put('}');
    }

    static void putString(ByteSink out, String s) throws CanonicalizationException {
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
                switch (c) {
                    case '"' -> out.putAscii("\\\"");
                    case '\\' -> out.putAscii("\\\\");
                    case '\b' -> out.putAscii("\\b");
                    case '\f' -> out.putAscii("\\f");
                    case '\n' -> out.putAscii("\\n");
                    case '\r' -> out.putAscii("\\r");
                    case '\t' -> out.putAscii("\\t");
                    default -> {
                        if (c < 0x20) {
                            out.putAscii("\\u00");
                            out.put(HEX[c >> 4]);
                            out.put(HEX[c & 0xF]);
                        } else {
                            out.put(c);
                        }
                    }
                }
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                out.putCodePoint(Character.toCodePoint(c, s.charAt(i + 1)));
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new CanonicalizationException("string holds a lone UTF-16 surrogate at index " + i);
            } else {
                out.putCodePoint(c);
            }
        }
        out.put('"');
    }

    /** True when every character is printable ASCII that RFC 8785 writes unescaped. */
    private static boolean isPlain(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x7F || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    static void putNumber(ByteSink out, Number n) throws CanonicalizationException {
        if (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte) {
            long v = n.longValue();
            if (Math.abs(v) <= MAX_SAFE_INTEGER) {
                out.putAscii(Long.toString(v));
                return;
            }
            out.putAscii(Es6Numbers.format((double) v));
            return;
        }
        double d;
        if (n instanceof BigInteger bi) {
            d = bi.doubleValue();
        } else if (n instanceof BigDecimal bd) {
            d = bd.doubleValue();
        } else {
            d = n.doubleValue();
        }
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new CanonicalizationException("number " + n + " has no IEEE-754 double representation");
        }
        out.putAscii(Es6Numbers.format(d));
    }
}
