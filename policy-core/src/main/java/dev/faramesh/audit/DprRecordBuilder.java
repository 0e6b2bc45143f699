package dev.faramesh.audit;

import static dev.faramesh.audit.DprFields.*;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Builds the decision part of a {@link DprRecord}. The chain members are not set here:
 * {@link DprWriter#append} assigns {@code record_id}, {@code prev_record_hash}, {@code lamport_seq},
 * {@code canonicalization_algorithm} and {@code record_hash}. Members the daemon always writes default to
 * {@code ""}; {@code dev_mode} defaults to false and {@code enforcement_mode} to {@code enforce} so that
 * both are stated (and hashed) on every record; a non-permit without a {@code denial_token} gets one
 * derived from the record's call identity.
 */
public final class DprRecordBuilder {
    private static final Set<String> CHAIN_FIELDS = Set.of(
            RECORD_ID, PREV_RECORD_HASH, RECORD_HASH, LAMPORT_SEQ, CANONICALIZATION_ALGORITHM);
    private static final Set<String> PERMITS = Set.of("PERMIT", "SHADOW_PERMIT", "ALLOW");

    private final Object[] values = new Object[RecordMembers.SLOTS];
    private Map<String, Object> extras;
    private String callId = "";

    DprRecordBuilder() {
    }

    public DprRecordBuilder agentId(String v) { return put(AGENT_ID, v); }
    public DprRecordBuilder sessionId(String v) { return put(SESSION_ID, v); }
    public DprRecordBuilder toolId(String v) { return put(TOOL_ID, v); }
    public DprRecordBuilder actionType(String v) { return put(ACTION_TYPE, v); }
    public DprRecordBuilder interceptAdapter(String v) { return put(INTERCEPT_ADAPTER, v); }
    public DprRecordBuilder executionTimeoutMs(long v) { return put(EXECUTION_TIMEOUT_MS, v); }
    public DprRecordBuilder principalIdHash(String v) { return put(PRINCIPAL_ID_HASH, v); }
    public DprRecordBuilder effect(String v) { return put(EFFECT, v); }
    public DprRecordBuilder matchedRuleId(String v) { return put(MATCHED_RULE_ID, v); }
    /** Where the matched rule is written, {@code file:line:column}, e.g. {@code governance.fms:12:5}. */
    public DprRecordBuilder ruleRef(String v) { return put(RULE_REF, v); }
    public DprRecordBuilder reasonCode(String v) { return put(REASON_CODE, v); }
    public DprRecordBuilder reason(String v) { return put(REASON, v); }
    public DprRecordBuilder denialToken(String v) {
        if (v != null && !DenialTokens.isWellFormed(v)) {
            throw new IllegalArgumentException("denial_token must be dnl_ followed by 16 lowercase hex digits");
        }
        return put(DENIAL_TOKEN, v);
    }
    public DprRecordBuilder policyVersion(String v) { return put(POLICY_VERSION, v); }
    public DprRecordBuilder argsStructuralSig(String v) { return put(ARGS_STRUCTURAL_SIG, v); }
    public DprRecordBuilder networkHostHash(String v) { return put(NETWORK_HOST_HASH, v); }
    public DprRecordBuilder networkPort(int v) { return put(NETWORK_PORT, (long) v); }
    public DprRecordBuilder credentialBrokered(boolean v) { return put(CREDENTIAL_BROKERED, v); }
    public DprRecordBuilder credentialSource(String v) { return put(CREDENTIAL_SOURCE, v); }
    public DprRecordBuilder credentialScope(String v) { return put(CREDENTIAL_SCOPE, v); }
    public DprRecordBuilder degradedMode(String v) { return put(DEGRADED_MODE, v); }
    public DprRecordBuilder agentSvid(String v) { return put(AGENT_SVID, v); }
    public DprRecordBuilder agentSvidExpiry(Instant v) { return put(AGENT_SVID_EXPIRY, v == null ? null : GoTime.format(v)); }
    public DprRecordBuilder principalClaimsHash(String v) { return put(PRINCIPAL_CLAIMS_HASH, v); }
    public DprRecordBuilder delegatedFrom(List<String> identities) { return put(DELEGATED_FROM, identities); }
    /** The trust domains a delegation crossed, outermost first (see {@link DelegationChains#crossedTrustDomains}). */
    public DprRecordBuilder crossDomainDelegation(List<String> trustDomains) { return put(CROSS_DOMAIN_DELEGATION, trustDomains); }
    /**
     * Sets {@code delegated_from} to the identities above {@code identity} and, when the chain crosses trust
     * domains, {@code cross_domain_delegation}; sets neither for an empty chain.
     */
    public DprRecordBuilder delegation(List<String> delegatedFrom, String identity) {
        if (delegatedFrom == null || delegatedFrom.isEmpty()) {
            return this;
        }
        put(DELEGATED_FROM, delegatedFrom);
        List<String> crossed = DelegationChains.crossedTrustDomains(delegatedFrom, identity);
        return crossed.isEmpty() ? this : put(CROSS_DOMAIN_DELEGATION, crossed);
    }
    public DprRecordBuilder devMode(boolean v) { return put(DEV_MODE, v); }
    public DprRecordBuilder enforcementMode(EnforcementMode v) { return put(ENFORCEMENT_MODE, v == null ? null : v.wireName()); }
    public DprRecordBuilder shadowActualEffect(String v) { return put(SHADOW_ACTUAL_EFFECT, v); }
    public DprRecordBuilder retryAfterSeconds(long v) { return put(RETRY_AFTER_SECONDS, v); }
    public DprRecordBuilder createdAt(Instant v) { return put(CREATED_AT, v == null ? null : GoTime.format(v)); }

    /** Sets {@code args_structural_sig} from the call's arguments; the arguments themselves are not kept. */
    public DprRecordBuilder args(Map<String, ?> args) { return put(ARGS_STRUCTURAL_SIG, ArgsSignature.of(args)); }

    /** Sets {@code principal_id_hash} from the principal id; the id itself is not kept. */
    public DprRecordBuilder principalId(String id) { return put(PRINCIPAL_ID_HASH, id == null ? null : PrincipalDigests.idHash(id)); }

    /** Sets {@code principal_claims_hash} from the verified claims; the claims themselves are not kept. */
    public DprRecordBuilder claims(Map<String, ?> claims) { return put(PRINCIPAL_CLAIMS_HASH, claims == null ? null : PrincipalDigests.claimsHash(claims)); }

    /** The caller's id for this call, used only to derive a denial token for non-permits. */
    public DprRecordBuilder callId(String v) {
        this.callId = v == null ? "" : v;
        return this;
    }

    /**
     * Sets any other member (e.g. {@code incident_category}, {@code workflow_phase}). The value must have a
     * JSON form: string, number, boolean, null, list or map of those.
     */
    public DprRecordBuilder field(String name, Object value) {
        if (CHAIN_FIELDS.contains(name) || RECORD_HASH.equals(name)) {
            throw new IllegalArgumentException(name + " is assigned by DprWriter");
        }
        if (RecordMembers.slot(name) >= 0) {
            return put(name, value);
        }
        if (extras == null) {
            extras = new LinkedHashMap<>();
        }
        extras.put(JsonValues.wellFormed(name), JsonValues.normalize(value));
        return this;
    }

    private DprRecordBuilder put(String name, Object value) {
        // Strings are stored as given (RecordMembers hands out their well-formed form); anything else is
        // brought into the JSON value model now.
        values[RecordMembers.slot(name)] = value instanceof String || value == null ? value : JsonValues.normalize(value);
        return this;
    }

    /** The fixed value each member takes when not set (null: left out, or computed per record). */
    private static final Object[] DEFAULTS = new Object[RecordMembers.SLOTS];

    static {
        for (int i = 0; i < DEFAULTS.length; i++) {
            String name = WRITE_ORDER.get(i);
            DEFAULTS[i] = ALWAYS_WRITTEN.contains(name) && !CHAIN_FIELDS.contains(name) ? "" : null;
        }
        DEFAULTS[RecordMembers.slot(SCHEMA_VERSION)] = DprRecord.SCHEMA;
        DEFAULTS[RecordMembers.slot(DEV_MODE)] = Boolean.FALSE;
        DEFAULTS[RecordMembers.slot(ENFORCEMENT_MODE)] = EnforcementMode.ENFORCE.wireName();
        DEFAULTS[RecordMembers.slot(CREATED_AT)] = null;
        DEFAULTS[RecordMembers.slot(DENIAL_TOKEN)] = null;
    }

    /** The denial token of a non-permit that was not given one, or null for a permit. */
    private String defaultDenialToken(String effect, String agent) {
        if (PERMITS.contains(effect)) {
            return null;
        }
        // Without the caller's call id a random one keeps tokens unique per record.
        String call = callId.isEmpty() ? UUID.randomUUID().toString() : callId;
        return DenialTokens.derive(call, string(TOOL_ID), agent, string(MATCHED_RULE_ID));
    }

    /**
     * @throws IllegalStateException if {@code agent_id} or {@code effect} is missing
     */
    public DprRecord build() {
        String agent = string(AGENT_ID);
        String effect = string(EFFECT);
        if (agent == null || agent.isEmpty()) {
            throw new IllegalStateException("agent_id is required");
        }
        if (effect == null || effect.isEmpty()) {
            throw new IllegalStateException("effect is required");
        }
        Object[] members = values.clone();
        for (int i = 0; i < members.length; i++) {
            if (members[i] == null) {
                members[i] = DEFAULTS[i];
            }
        }
        int created = RecordMembers.slot(CREATED_AT);
        if (members[created] == null) {
            members[created] = GoTime.format(Instant.now());
        }
        int token = RecordMembers.slot(DENIAL_TOKEN);
        if (members[token] == null) {
            members[token] = defaultDenialToken(effect, agent);
        }
        return new DprRecord(new RecordMembers(members, extras == null ? null : new LinkedHashMap<>(extras)));
    }

    /** A string member's well-formed value, or null. */
    private String string(String name) {
        return values[RecordMembers.slot(name)] instanceof String s ? JsonValues.wellFormed(s) : null;
    }
}
