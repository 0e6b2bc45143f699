package dev.faramesh.audit;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Brings caller-supplied values into the JSON value model records hold (String, Long, BigInteger,
 * BigDecimal, Double, Boolean, null, unmodifiable List and Map), so a record's stored value is exactly
 * the value that gets hashed. Lone UTF-16 surrogates, which have no UTF-8 form, become U+FFFD here
 * rather than failing later on the decision path.
 */
final class JsonValues {
    private JsonValues() {
    }

    static Object normalize(Object value) {
        if (value == null || value instanceof Boolean || value instanceof Long
                || value instanceof BigInteger || value instanceof BigDecimal) {
            return value;
        }
        if (value instanceof String s) {
            return wellFormed(s);
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException("NaN and Infinity have no JSON form");
            }
            return d;
        }
        if (value instanceof CharSequence || value instanceof Character || value instanceof Enum<?>) {
            return wellFormed(value.toString());
        }
        if (value instanceof Instant instant) {
            return GoTime.format(instant);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                copy.put(wellFormed(String.valueOf(e.getKey())), normalize(e.getValue()));
            }
            return Collections.unmodifiableMap(copy);
        }
        if (value instanceof Collection<?> c) {
            List<Object> copy = new ArrayList<>(c.size());
            for (Object o : c) {
                copy.add(normalize(o));
            }
            return Collections.unmodifiableList(copy);
        }
        if (value instanceof Object[] array) {
            return normalize(java.util.Arrays.asList(array));
        }
        throw new IllegalArgumentException("no JSON form for " + value.getClass().getName());
    }

    static String wellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                boolean pair = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
                if (!pair) {
                    return replaceLoneSurrogates(s);
                }
                i++;
            }
        }
        return s;
    }

    private static String replaceLoneSurrogates(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                sb.append(c).append(s.charAt(++i));
            } else {
                sb.append(Character.isSurrogate(c) ? '\uFFFD' : c);
            }
        }
        return sb.toString();
    }
}
