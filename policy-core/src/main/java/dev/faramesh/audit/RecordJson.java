package dev.faramesh.audit;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * Serializes a record's members as compact JSON in their stored order, for the WAL payload. Strings use
 * Go's escaping so a payload looks like one the daemon wrote; numbers keep their stored kind.
 */
final class RecordJson {
    private RecordJson() {
    }

    static void putValue(ByteSink out, Object value) {
        if (value == null) {
            out.putAscii("null");
        } else if (value instanceof String s) {
            GoJsonText.putString(out, s);
        } else if (value instanceof Boolean b) {
            out.putAscii(b ? "true" : "false");
        } else if (value instanceof Long || value instanceof Integer || value instanceof BigInteger) {
            out.putAscii(value.toString());
        } else if (value instanceof BigDecimal bd) {
            out.putAscii(bd.toString());
        } else if (value instanceof Number n) {
            out.putAscii(Es6Numbers.format(n.doubleValue()));
        } else if (value instanceof Map<?, ?> map) {
            putObject(out, map);
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
            throw new IllegalArgumentException("unsupported JSON value type " + value.getClass().getName());
        }
    }

    static void putObject(ByteSink out, Map<?, ?> map) {
        out.put('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!first) {
                out.put(',');
            }
            first = false;
            GoJsonText.putString(out, String.valueOf(e.getKey()));
            out.put(':');
            putValue(out, e.getValue());
        }
        out.put('}');
    }
}
