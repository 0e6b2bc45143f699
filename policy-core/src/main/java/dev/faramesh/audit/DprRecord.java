package dev.faramesh.audit;

import static dev.faramesh.audit.DprFields.*;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One Decision Provenance Record: an immutable, ordered set of JSON members in the Faramesh
 * {@code dpr/2.0} shape. Records we build come from {@link #builder()} and get their chain members
 * ({@code record_id}, {@code prev_record_hash}, {@code record_hash}, {@code lamport_seq},
 * {@code canonicalization_algorithm}) from {@link DprWriter#append}. Records read from a WAL keep every
 * member they had, unknown ones included, with their JSON types, so their hash can be recomputed
 * exactly. Typed accessors return Java defaults ({@code ""}, 0, false) for absent or mistyped members;
 * the verifier, not the accessors, judges a record's integrity.
 */
public final class DprRecord {
    /** The schema version of the records we write. */
    public static final String SCHEMA = "dpr/2.0";

    /** The members of a record we built, or null for a parsed one. */
    private final RecordMembers members;
    /** All members as a map: given for parsed records, made on first use for built ones. */
    private volatile Map<String, Object> fields;
    private final Set<String> duplicateNames;

    DprRecord(Map<String, Object> fields, Set<String> duplicateNames) {
        this.members = null;
        this.fields = fields;
        this.duplicateNames = duplicateNames;
    }

    DprRecord(RecordMembers members) {
        this.members = members;
        this.duplicateNames = Set.of();
    }

    /** The positional members of a record we built, or null for a record parsed from JSON. */
    RecordMembers members() {
        return members;
    }

    public static DprRecordBuilder builder() {
        return new DprRecordBuilder();
    }

    /** Reads a WAL payload (UTF-8 JSON object). */
    public static DprRecord parse(byte[] json) throws MalformedRecordException {
        JsonPayloadParser.Parsed parsed = JsonPayloadParser.parseObject(json);
        return new DprRecord(parsed.fields(), parsed.duplicateNames());
    }

    /** The record as compact JSON, members in stored order, strings escaped as Go escapes them. */
    public byte[] toJson() {
        ByteSink sink = new ByteSink(768);
        RecordJson.putObject(sink, fields());
        return sink.toByteArray();
    }

    /** Every member, in stored order; values are String, Long, BigInteger, BigDecimal, Double, Boolean, null, List or Map. */
    public Map<String, Object> fields() {
        Map<String, Object> f = fields;
        if (f == null) {
            f = members.toMap();
            fields = f;
        }
        return f;
    }

    public boolean has(String name) {
        return members != null ? members.has(name) : fields.containsKey(name);
    }

    public Object get(String name) {
        return members != null ? members.get(name) : fields.get(name);
    }

    /** Member names (dotted paths for nested ones) that occurred more than once in the parsed JSON. */
    public Set<String> duplicateNames() {
        return duplicateNames;
    }

    public String string(String name) {
        return get(name) instanceof String s ? s : "";
    }

    public long number(String name) {
        return get(name) instanceof Number n ? n.longValue() : 0L;
    }

    public boolean flag(String name) {
        return Boolean.TRUE.equals(get(name));
    }

    public String schemaVersion() { return string(SCHEMA_VERSION); }
    public String canonicalizationAlgorithm() { return string(CANONICALIZATION_ALGORITHM); }
    public String recordId() { return string(RECORD_ID); }
    public String prevRecordHash() { return string(PREV_RECORD_HASH); }
    public String recordHash() { return string(RECORD_HASH); }
    public long lamportSeq() { return number(LAMPORT_SEQ); }
    public String agentId() { return string(AGENT_ID); }
    public String sessionId() { return string(SESSION_ID); }
    public String toolId() { return string(TOOL_ID); }
    public String actionType() { return string(ACTION_TYPE); }
    public String interceptAdapter() { return string(INTERCEPT_ADAPTER); }
    public String principalIdHash() { return string(PRINCIPAL_ID_HASH); }
    public String effect() { return string(EFFECT); }
    public String matchedRuleId() { return string(MATCHED_RULE_ID); }
    public String ruleRef() { return string(RULE_REF); }
    public String reasonCode() { return string(REASON_CODE); }
    public String reason() { return string(REASON); }
    public String denialToken() { return string(DENIAL_TOKEN); }
    public String policyVersion() { return string(POLICY_VERSION); }
    public String argsStructuralSig() { return string(ARGS_STRUCTURAL_SIG); }
    public String networkHostHash() { return string(NETWORK_HOST_HASH); }
    public int networkPort() { return (int) number(NETWORK_PORT); }
    public boolean credentialBrokered() { return flag(CREDENTIAL_BROKERED); }
    public String credentialSource() { return string(CREDENTIAL_SOURCE); }
    public String credentialScope() { return string(CREDENTIAL_SCOPE); }
    public String degradedMode() { return string(DEGRADED_MODE); }
    public String agentSvid() { return string(AGENT_SVID); }
    public String agentSvidExpiry() { return string(AGENT_SVID_EXPIRY); }
    public String principalClaimsHash() { return string(PRINCIPAL_CLAIMS_HASH); }
    public boolean devMode() { return flag(DEV_MODE); }
    public String enforcementMode() { return string(ENFORCEMENT_MODE); }
    public String shadowActualEffect() { return string(SHADOW_ACTUAL_EFFECT); }
    public long retryAfterSeconds() { return number(RETRY_AFTER_SECONDS); }
    public String createdAt() { return string(CREATED_AT); }

    /** The identities this agent acted for, outermost first; empty when it acted on its own. */
    public List<String> delegatedFrom() {
        if (get(DELEGATED_FROM) instanceof List<?> list) {
            return list.stream().map(o -> o instanceof String s ? s : String.valueOf(o)).toList();
        }
        return Collections.emptyList();
    }

    /** The trust domains the delegation crossed, outermost first; empty when it crossed none. */
    public List<String> crossDomainDelegation() {
        if (get(CROSS_DOMAIN_DELEGATION) instanceof List<?> list) {
            return list.stream().map(o -> o instanceof String s ? s : String.valueOf(o)).toList();
        }
        return Collections.emptyList();
    }

    /** {@code created_at} as an instant, if present and RFC 3339. */
    public Optional<Instant> createdAtInstant() {
        try {
            return get(CREATED_AT) instanceof String s ? Optional.of(GoTime.parse(s)) : Optional.empty();
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DprRecord other && fields().equals(other.fields());
    }

    @Override
    public int hashCode() {
        return Objects.hash(fields());
    }

    /** A one-line summary for logs: identifiers and the decision, never argument data. */
    @Override
    public String toString() {
        return "DprRecord[record_id=" + recordId() + ", agent_id=" + agentId() + ", lamport_seq=" + lamportSeq()
                + ", tool_id=" + toolId() + ", effect=" + effect() + ", reason_code=" + reasonCode() + "]";
    }
}
