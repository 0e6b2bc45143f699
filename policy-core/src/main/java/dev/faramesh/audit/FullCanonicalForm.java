package dev.faramesh.audit;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Our canonical form, {@code jcs-rfc8785-full-v1}: RFC 8785 JSON over every member of the record except
 * {@code record_hash} and the signature members, nested objects included, so no member (the free-text
 * {@code reason} included) can change without changing the hash. Repeated member names make the form
 * ambiguous and are refused.
 */
final class FullCanonicalForm {
    private static final Set<String> EXCLUDED;

    static {
        Set<String> s = new HashSet<>(DprFields.SIGNATURE_FIELDS);
        s.add(DprFields.RECORD_HASH);
        EXCLUDED = Set.copyOf(s);
    }

    private FullCanonicalForm() {
    }

    static void write(DprRecord record, ByteSink sink) throws CanonicalizationException {
        if (!record.duplicateNames().isEmpty()) {
            throw new CanonicalizationException("member name repeated: " + record.duplicateNames().iterator().next());
        }
        Map<String, Object> fields = record.fields();
        String[] order = sortedNames(fields);
        sink.put('{');
        for (int i = 0; i < order.length; i++) {
            if (i > 0) {
                sink.put(',');
            }
            JcsText.putString(sink, order[i]);
            sink.put(':');
            JcsText.putValue(sink, fields.get(order[i]));
        }
        sink.put('}');
    }

    /** The member names to hash, sorted by UTF-16 code units (RFC 8785 §3.2.3). */
    private static String[] sortedNames(Map<String, Object> fields) {
        // Records from one writer share their member names and order, so the sort is cached for the last
        // name sequence seen and reused when the next record's names are the same.
        KeyOrder cached = lastOrder;
        if (cached != null && cached.matches(fields)) {
            return cached.sorted;
        }
        String[] inOrder = fields.keySet().toArray(new String[0]);
        String[] sorted = java.util.Arrays.stream(inOrder).filter(n -> !EXCLUDED.contains(n)).sorted().toArray(String[]::new);
        lastOrder = new KeyOrder(inOrder, sorted);
        return sorted;
    }

    private static volatile KeyOrder lastOrder;

    private record KeyOrder(String[] inOrder, String[] sorted) {
        boolean matches(Map<String, Object> fields) {
            if (fields.size() != inOrder.length) {
                return false;
            }
            int i = 0;
            for (String name : fields.keySet()) {
                if (!name.equals(inOrder[i++])) {
                    return false;
                }
            }
            return true;
        }
    }
}
