package dev.faramesh.audit;

import static dev.faramesh.audit.DprFields.WRITE_ORDER;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The members of a record we build, held by position instead of in a map: one slot per name of
 * {@link DprFields#WRITE_ORDER} ({@code null} = absent) plus any other members in insertion order.
 * Building, sealing and serializing a record this way needs no hashing of member names and no map
 * entries, which is most of what a generic ordered map cost on the decision path. Strings are kept
 * as given; lone surrogates are replaced (as {@link JsonValues} does) wherever a value leaves this
 * class, so readers and hashes always see the well-formed value.
 */
final class RecordMembers {
    /** Number of slots: the members with a fixed position. */
    static final int SLOTS = WRITE_ORDER.size();
    private static final Map<String, Integer> INDEX;

    static {
        Map<String, Integer> index = new HashMap<>(SLOTS * 2);
        for (int i = 0; i < SLOTS; i++) {
            index.put(WRITE_ORDER.get(i), i);
        }
        INDEX = Map.copyOf(index);
    }

    static final int CANONICALIZATION_ALGORITHM = slot(DprFields.CANONICALIZATION_ALGORITHM);
    static final int RECORD_ID = slot(DprFields.RECORD_ID);
    static final int PREV_RECORD_HASH = slot(DprFields.PREV_RECORD_HASH);
    static final int RECORD_HASH = slot(DprFields.RECORD_HASH);
    static final int LAMPORT_SEQ = slot(DprFields.LAMPORT_SEQ);
    static final int AGENT_ID = slot(DprFields.AGENT_ID);
    static final int DEV_MODE = slot(DprFields.DEV_MODE);
    static final int CREATED_AT = slot(DprFields.CREATED_AT);

    final Object[] values;
    /** Members without a slot, in insertion order; null when there are none (the common case). */
    final Map<String, Object> extras;

    RecordMembers(Object[] values, Map<String, Object> extras) {
        this.values = values;
        this.extras = extras == null || extras.isEmpty() ? null : extras;
    }

    /** The slot of a member name, or -1 when it has none. */
    static int slot(String name) {
        Integer i = INDEX.get(name);
        return i == null ? -1 : i;
    }

    /** The well-formed value of a member, or null when absent. */
    Object get(String name) {
        int i = slot(name);
        Object v = i >= 0 ? values[i] : extras == null ? null : extras.get(name);
        return v instanceof String s ? JsonValues.wellFormed(s) : v;
    }

    boolean has(String name) {
        int i = slot(name);
        return i >= 0 ? values[i] != null : extras != null && extras.containsKey(name);
    }

    /** The agent id as written, without the copy a lone surrogate would cost (for chain lookups). */
    String agentId() {
        return values[AGENT_ID] instanceof String s ? JsonValues.wellFormed(s) : "";
    }

    /** A copy with the chain members set, for sealing; other slots and the extras are shared. */
    RecordMembers sealed(String algorithm, String recordId, String prevHash, String recordHash, long seq,
                         boolean forceDevMode) {
        Object[] v = values.clone();
        v[CANONICALIZATION_ALGORITHM] = algorithm;
        v[RECORD_ID] = recordId;
        v[PREV_RECORD_HASH] = prevHash;
        v[RECORD_HASH] = recordHash;
        v[LAMPORT_SEQ] = seq;
        if (forceDevMode) {
            v[DEV_MODE] = Boolean.TRUE;
        } else if (v[DEV_MODE] == null) {
            v[DEV_MODE] = Boolean.FALSE;
        }
        return new RecordMembers(v, extras);
    }

    /** Every member in stored order (slots first, then the extras), as an unmodifiable map. */
    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>(64);
        for (int i = 0; i < SLOTS; i++) {
            Object v = values[i];
            if (v != null) {
                m.put(WRITE_ORDER.get(i), v instanceof String s ? JsonValues.wellFormed(s) : v);
            }
        }
        if (extras != null) {
            extras.forEach(m::putIfAbsent);
        }
        return Collections.unmodifiableMap(m);
    }
}
