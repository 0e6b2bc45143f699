package dev.faramesh.audit;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The {@code args_structural_sig} of a tool call: the first 16 hex characters of SHA-256 over the
 * shape of the arguments ({@code {amount:number,currency:string}}), never their values. Member names
 * and types are listed sorted as {@code name:type} strings (byte order of their UTF-8 form), arrays are
 * described by their first element, nesting stops at depth 5 ({@code deep_object}), and empty
 * arguments give the literal {@code {}} unhashed, all as the daemon computes it.
 */
public final class ArgsSignature {
    private static final int MAX_DEPTH = 5;

    private ArgsSignature() {
    }

    public static String of(Map<String, ?> args) {
        if (args == null || args.isEmpty()) {
            return "{}";
        }
        return Sha256.hex(shape(args)).substring(0, 16);
    }

    /** The pre-image that {@link #of} hashes, e.g. {@code {amount:number,currency:string}}. */
    public static String shape(Map<String, ?> args) {
        return describe(args, 0);
    }

    private static String describe(Object value, int depth) {
        if (depth > MAX_DEPTH) {
            return "deep_object";
        }
        if (value == null) {
            return "null";
        }
        if (value instanceof Map<?, ?> map) {
            List<String> parts = new ArrayList<>(map.size());
            for (Map.Entry<?, ?> e : map.entrySet()) {
                parts.add(e.getKey() + ":" + describe(e.getValue(), depth + 1));
            }
            // Go sorts the UTF-8 bytes, which is code point order, not Java's UTF-16 order.
            parts.sort(ArgsSignature::compareCodePoints);
            return "{" + String.join(",", parts) + "}";
        }
        if (value instanceof List<?> || value instanceof Collection<?> || value instanceof Object[]) {
            Object first = firstElement(value);
            return first == NONE ? "[]" : "[" + describe(first, depth + 1) + "]";
        }
        if (value instanceof CharSequence || value instanceof Character) {
            return "string";
        }
        if (value instanceof Number) {
            return "number";
        }
        if (value instanceof Boolean) {
            return "bool";
        }
        return "unknown";
    }

    private static final Object NONE = new Object();

    private static Object firstElement(Object array) {
        if (array instanceof Object[] a) {
            return a.length == 0 ? NONE : a[0];
        }
        Collection<?> c = (Collection<?>) array;
        return c.isEmpty() ? NONE : c.iterator().next();
    }

    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
