package dev.faramesh.audit;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The daemon's canonical forms ({@code jcs-rfc8785-v1} and {@code legacy-json-v1}), byte for byte: the
 * documented subset of members, each decoded into its Go type as {@code encoding/json} would (null means
 * the zero value, a missing {@code created_at} is Go's zero time), empty {@code omitempty} members left
 * out, strings escaped by Go's rules, {@code created_at} re-rendered as RFC3339Nano in UTC. The JCS form
 * sorts the member names; the legacy form keeps Go's struct order.
 */
final class DaemonCanonicalForm {
    private enum GoType { STRING, INT, BOOL, STRINGS, TIME }

    private record Member(String name, GoType type, boolean omitEmpty) {
    }

    /** The hashed subset in the daemon's struct order. */
    private static final List<Member> STRUCT_ORDER = List.of(
            m("schema_version", GoType.STRING, false),
            m("fpl_version", GoType.STRING, true),
            m("car_version", GoType.STRING, true),
            m("canonicalization_algorithm", GoType.STRING, true),
            m("record_id", GoType.STRING, false),
            m("prev_record_hash", GoType.STRING, false),
            m("agent_id", GoType.STRING, false),
            m("session_id", GoType.STRING, false),
            m("tool_id", GoType.STRING, false),
            m("intercept_adapter", GoType.STRING, false),
            m("execution_timeout_ms", GoType.INT, true),
            m("principal_id_hash", GoType.STRING, true),
            m("effect", GoType.STRING, false),
            m("matched_rule_id", GoType.STRING, false),
            m("reason_code", GoType.STRING, false),
            m("denial_token", GoType.STRING, true),
            m("incident_category", GoType.STRING, true),
            m("incident_severity", GoType.STRING, true),
            m("policy_version", GoType.STRING, false),
            m("args_structural_sig", GoType.STRING, false),
            m("hardening_mode", GoType.STRING, true),
            m("network_host_hash", GoType.STRING, true),
            m("network_port", GoType.INT, true),
            m("network_resolved_ip_hash", GoType.STRING, true),
            m("network_audit_bypass", GoType.BOOL, true),
            m("inference_model_rewrite_applied", GoType.BOOL, true),
            m("workflow_phase", GoType.STRING, true),
            m("credential_brokered", GoType.BOOL, true),
            m("approval_envelope", GoType.STRING, true),
            m("defer_token", GoType.STRING, true),
            m("parent_defer_token", GoType.STRING, true),
            m("cascade_reason", GoType.STRING, true),
            m("cascade_depth", GoType.INT, true),
            m("cascade_path", GoType.STRINGS, true),
            m("degraded_mode", GoType.STRING, true),
            m("created_at", GoType.TIME, false));

    private static final List<Member> SORTED;

    static {
        List<Member> s = new ArrayList<>(STRUCT_ORDER);
        s.sort(Comparator.comparing(Member::name));
        SORTED = List.copyOf(s);
    }

    private DaemonCanonicalForm() {
    }

    private static Member m(String name, GoType type, boolean omitEmpty) {
        return new Member(name, type, omitEmpty);
    }

    static void write(DprRecord record, ByteSink sink, boolean sorted) throws CanonicalizationException {
        rejectAmbiguousNames(record);
        Map<String, Object> fields = record.fields();
        sink.put('{');
        boolean first = true;
        for (Member member : sorted ? SORTED : STRUCT_ORDER) {
            Object raw = fields.get(member.name());
            if (member.omitEmpty() && isEmpty(member, raw)) {
                continue;
            }
            if (!first) {
                sink.put(',');
            }
            first = false;
            sink.put('"');
            sink.putAscii(member.name());
            sink.putAscii("\":");
            putGoValue(sink, member, raw);
        }
        sink.put('}');
    }

    /**
     * Go matches member names case-insensitively and lets the last occurrence win; the daemon never writes
     * such names, so a repeated or case-variant name of a hashed member can only be an attempt to make
     * the record say two things, and is refused.
     */
    private static void rejectAmbiguousNames(DprRecord record) throws CanonicalizationException {
        for (String dup : record.duplicateNames()) {
            if (isHashed(dup)) {
                throw new CanonicalizationException("member name repeated: " + dup);
            }
        }
        for (String name : record.fields().keySet()) {
            if (!isHashed(name)) {
                for (Member member : STRUCT_ORDER) {
                    if (member.name().equalsIgnoreCase(name)) {
                        throw new CanonicalizationException("member name " + name + " is a case variant of " + member.name());
                    }
                }
            }
        }
    }

    private static boolean isHashed(String name) {
        for (Member member : STRUCT_ORDER) {
            if (member.name().equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isEmpty(Member member, Object raw) throws CanonicalizationException {
        return switch (member.type()) {
            case STRING -> goString(member, raw).isEmpty();
            case INT -> goInt(member, raw) == 0;
            case BOOL -> !goBool(member, raw);
            case STRINGS -> goStrings(member, raw).isEmpty();
            case TIME -> false;
        };
    }

    private static void putGoValue(ByteSink sink, Member member, Object raw) throws CanonicalizationException {
        switch (member.type()) {
            case STRING -> GoJsonText.putString(sink, goString(member, raw));
            case INT -> sink.putAscii(Long.toString(goInt(member, raw)));
            case BOOL -> sink.putAscii(goBool(member, raw) ? "true" : "false");
            case STRINGS -> {
                sink.put('[');
                List<String> list = goStrings(member, raw);
                for (int i = 0; i < list.size(); i++) {
                    if (i > 0) {
                        sink.put(',');
                    }
                    GoJsonText.putString(sink, list.get(i));
                }
                sink.put(']');
            }
            case TIME -> {
                Instant t = goTime(member, raw);
                try {
                    sink.put('"');
                    sink.putAscii(GoTime.format(t));
                    sink.put('"');
                } catch (DateTimeException e) {
                    throw new CanonicalizationException(member.name() + ": " + e.getMessage());
                }
            }
            default -> throw new IllegalStateException();
        }
    }

    private static String goString(Member member, Object raw) throws CanonicalizationException {
        if (raw == null) {
            return "";
        }
        if (raw instanceof String s) {
            return s;
        }
        throw typeError(member, raw, "a string");
    }

    private static long goInt(Member member, Object raw) throws CanonicalizationException {
        if (raw == null) {
            return 0;
        }
        // Go decodes an int member only from an integer literal within int64.
        if (raw instanceof Long l) {
            return l;
        }
        throw typeError(member, raw, "an integer");
    }

    private static boolean goBool(Member member, Object raw) throws CanonicalizationException {
        if (raw == null) {
            return false;
        }
        if (raw instanceof Boolean b) {
            return b;
        }
        throw typeError(member, raw, "a boolean");
    }

    private static List<String> goStrings(Member member, Object raw) throws CanonicalizationException {
        if (raw == null) {
            return List.of();
        }
        if (raw instanceof List<?> list) {
            List<String> out = new ArrayList<>(list.size());
            for (Object o : list) {
                out.add(goString(member, o));
            }
            return out;
        }
        throw typeError(member, raw, "an array of strings");
    }

    private static Instant goTime(Member member, Object raw) throws CanonicalizationException {
        if (raw == null) {
            return GoTime.ZERO;
        }
        if (raw instanceof String s) {
            try {
                return GoTime.parse(s);
            } catch (DateTimeException e) {
                throw new CanonicalizationException(member.name() + " is not an RFC 3339 timestamp: " + e.getMessage());
            }
        }
        throw typeError(member, raw, "an RFC 3339 timestamp string");
    }

    private static CanonicalizationException typeError(Member member, Object raw, String expected) {
        String kind = raw instanceof Number ? "number" : raw instanceof Boolean ? "boolean"
                : raw instanceof List ? "array" : raw instanceof Map ? "object" : "string";
        return new CanonicalizationException(member.name() + " must be " + expected + " but is a JSON " + kind);
    }
}
