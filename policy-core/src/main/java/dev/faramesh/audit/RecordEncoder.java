package dev.faramesh.audit;

import static dev.faramesh.audit.DprFields.WRITE_ORDER;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Writes a built record's canonical form ({@code jcs-rfc8785-full-v1}) and its WAL payload straight from
 * its {@link RecordMembers}, one pass each: member names are encoded once for all records, in sorted
 * order for the canonical form and in write order for the payload, and a string that needs no escape
 * (nearly every one) is checked and copied in the same loop. Anything else (escapes, numbers beyond
 * 2^53, lists, maps, extra members) goes through {@link JcsText} and {@link RecordJson}, so both outputs
 * are byte for byte what {@link FullCanonicalForm} and {@link RecordJson} write for the same members.
 */
final class RecordEncoder {
    /** Length of {@code record_hash}: lowercase hex SHA-256. */
    static final int HASH_HEX_LENGTH = 64;

    /** {@code "name":} of each slot; names are plain ASCII, so both forms escape them alike. */
    private static final byte[][] NAMES = new byte[RecordMembers.SLOTS][];
    /** Slots in canonical order (UTF-16 code unit order of their names), {@code record_hash} left out. */
    private static final int[] CANONICAL_ORDER;

    static {
        for (int i = 0; i < NAMES.length; i++) {
            NAMES[i] = ("\"" + WRITE_ORDER.get(i) + "\":").getBytes(StandardCharsets.US_ASCII);
        }
        Integer[] order = new Integer[RecordMembers.SLOTS];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> WRITE_ORDER.get(a).compareTo(WRITE_ORDER.get(b)));
        CANONICAL_ORDER = Arrays.stream(order).mapToInt(Integer::intValue)
                .filter(i -> i != RecordMembers.RECORD_HASH).toArray();
    }

    private RecordEncoder() {
    }

    /**
     * The encoded form of the string each slot held in the previous record, kept by one sealer (used
     * under its writer's lock, so never concurrently). Most members of consecutive records are the very
     * same {@code String} objects (agent, tool, rule, reason, policy version, digests cached by the
     * caller), so an identity match copies their bytes instead of checking and escaping them again.
     */
    static final class Cache {
        private final String[] strings = new String[RecordMembers.SLOTS];
        private final byte[][] encoded = new byte[RecordMembers.SLOTS][];

        /** Appends the cached encoding of {@code s} in {@code slot} and returns true, if it is the same object. */
        boolean put(ByteSink out, int slot, String s) {
            if (strings[slot] == s) {
                out.put(encoded[slot]);
                return true;
            }
            return false;
        }

        /** Remembers the bytes of {@code out} from {@code mark} as the encoding of {@code s} in {@code slot}. */
        void remember(ByteSink out, int slot, String s, int mark) {
            strings[slot] = s;
            encoded[slot] = Arrays.copyOfRange(out.array(), mark, out.length());
        }
    }

    /** Slots whose value differs in every record: not worth remembering. */
    private static boolean perRecord(int slot) {
        return slot == RecordMembers.RECORD_ID || slot == RecordMembers.PREV_RECORD_HASH || slot == RecordMembers.CREATED_AT;
    }

    /** The canonical form of every member except {@code record_hash} and the signature members. */
    static void writeCanonical(RecordMembers m, ByteSink out) throws CanonicalizationException {
        writeCanonical(m, out, null);
    }

    /** As {@link #writeCanonical(RecordMembers, ByteSink)}, reusing encodings from {@code cache} (may be null). */
    static void writeCanonical(RecordMembers m, ByteSink out, Cache cache) throws CanonicalizationException {
        Object[] values = m.values;
        List<String> extraNames = m.extras == null ? List.of() : canonicalExtras(m.extras);
        int e = 0;
        boolean first = true;
        out.put('{');
        for (int slot : CANONICAL_ORDER) {
            Object v = values[slot];
            if (v == null) {
                continue;
            }
            String name = WRITE_ORDER.get(slot);
            while (e < extraNames.size() && extraNames.get(e).compareTo(name) < 0) {
                first = putCanonicalExtra(out, extraNames.get(e++), m.extras, first);
            }
            if (!first) {
                out.put(',');
            }
            first = false;
            out.put(NAMES[slot]);
            if (cache != null && v instanceof String str && !perRecord(slot)) {
                if (!cache.put(out, slot, str)) {
                    int mark = out.length();
                    putCanonicalValue(out, v);
                    cache.remember(out, slot, str, mark);
                }
            } else {
                putCanonicalValue(out, v);
            }
        }
        while (e < extraNames.size()) {
            first = putCanonicalExtra(out, extraNames.get(e++), m.extras, first);
        }
        out.put('}');
    }

    private static List<String> canonicalExtras(Map<String, Object> extras) {
        List<String> names = new ArrayList<>(extras.size());
        for (String name : extras.keySet()) {
            if (!DprFields.SIGNATURE_FIELDS.contains(name)) {
                names.add(name);
            }
        }
        names.sort(null);
        return names;
    }

    private static boolean putCanonicalExtra(ByteSink out, String name, Map<String, Object> extras, boolean first)
            throws CanonicalizationException {
        if (!first) {
            out.put(',');
        }
        JcsText.putString(out, name);
        out.put(':');
        JcsText.putValue(out, extras.get(name));
        return false;
    }

    private static void putCanonicalValue(ByteSink out, Object v) throws CanonicalizationException {
        if (v instanceof String s) {
            int mark = out.length();
            out.put('"');
            if (out.putPlain(s, false)) {
                out.put('"');
            } else {
                out.truncate(mark);
                JcsText.putString(out, JsonValues.wellFormed(s));
            }
        } else if (v instanceof Long l && Math.abs(l) <= (1L << 53)) {
            out.putLong(l);
        } else if (v instanceof Boolean b) {
            out.putAscii(b ? "true" : "false");
        } else {
            JcsText.putValue(out, v);
        }
    }

    /**
     * The WAL payload: every member in stored order, strings escaped as Go escapes them. The value of
     * {@code record_hash} is left as {@link #HASH_HEX_LENGTH} bytes to fill in; returns their offset.
     */
    static int writePayload(RecordMembers m, ByteSink out) {
        return writePayload(m, out, null);
    }

    /** As {@link #writePayload(RecordMembers, ByteSink)}, reusing encodings from {@code cache} (may be null). */
    static int writePayload(RecordMembers m, ByteSink out, Cache cache) {
        Object[] values = m.values;
        int hashAt = -1;
        boolean first = true;
        out.put('{');
        for (int slot = 0; slot < values.length; slot++) {
            Object v = values[slot];
            if (v == null) {
                continue;
            }
            if (!first) {
                out.put(',');
            }
            first = false;
            out.put(NAMES[slot]);
            if (slot == RecordMembers.RECORD_HASH) {
                out.put('"');
                hashAt = out.length();
                out.skip(HASH_HEX_LENGTH);
                out.put('"');
            } else if (cache != null && v instanceof String str && !perRecord(slot)) {
                if (!cache.put(out, slot, str)) {
                    int mark = out.length();
                    putPayloadValue(out, v);
                    cache.remember(out, slot, str, mark);
                }
            } else {
                putPayloadValue(out, v);
            }
        }
        if (m.extras != null) {
            for (Map.Entry<String, Object> x : m.extras.entrySet()) {
                if (!first) {
                    out.put(',');
                }
                first = false;
                GoJsonText.putString(out, x.getKey());
                out.put(':');
                RecordJson.putValue(out, x.getValue());
            }
        }
        out.put('}');
        return hashAt;
    }

    private static void putPayloadValue(ByteSink out, Object v) {
        if (v instanceof String s) {
            int mark = out.length();
            out.put('"');
            if (out.putPlain(s, true)) {
                out.put('"');
            } else {
                out.truncate(mark);
                GoJsonText.putString(out, s);
            }
        } else if (v instanceof Long l) {
            out.putLong(l);
        } else if (v instanceof Boolean b) {
            out.putAscii(b ? "true" : "false");
        } else {
            RecordJson.putValue(out, v);
        }
    }
}
