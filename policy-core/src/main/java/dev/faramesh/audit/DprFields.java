package dev.faramesh.audit;

import java.util.List;
import java.util.Set;

/**
 * JSON member names of a Decision Provenance Record as the Faramesh daemon writes them
 * ({@code dpr/2.0}, snake_case), plus the members this port adds. Also fixes the order in which our
 * writer emits members, which only affects readability: hashes never depend on member order.
 */
public final class DprFields {
    public static final String SCHEMA_VERSION = "schema_version";
    public static final String FPL_VERSION = "fpl_version";
    public static final String CAR_VERSION = "car_version";
    public static final String CANONICALIZATION_ALGORITHM = "canonicalization_algorithm";
    public static final String RECORD_ID = "record_id";
    public static final String PREV_RECORD_HASH = "prev_record_hash";
    public static final String RECORD_HASH = "record_hash";
    public static final String HMAC_SIGNATURE = "hmac_signature";
    public static final String SIGNATURE = "signature";
    public static final String SIGNATURE_ALGORITHM = "signature_algorithm";
    public static final String SIGNER_PUBLIC_KEY = "signer_public_key";
    public static final String KMS_SIGNATURE = "kms_signature";
    public static final String KMS_KEY_REF = "kms_key_ref";
    public static final String AGENT_ID = "agent_id";
    public static final String SESSION_ID = "session_id";
    public static final String TOOL_ID = "tool_id";
    public static final String ACTION_TYPE = "action_type";
    public static final String LAMPORT_SEQ = "lamport_seq";
    public static final String INTERCEPT_ADAPTER = "intercept_adapter";
    public static final String EXECUTION_TIMEOUT_MS = "execution_timeout_ms";
    public static final String PRINCIPAL_ID_HASH = "principal_id_hash";
    public static final String EFFECT = "effect";
    public static final String MATCHED_RULE_ID = "matched_rule_id";
    public static final String RULE_REF = "rule_ref";
    public static final String REASON_CODE = "reason_code";
    public static final String REASON = "reason";
    public static final String DENIAL_TOKEN = "denial_token";
    public static final String POLICY_VERSION = "policy_version";
    public static final String ARGS_STRUCTURAL_SIG = "args_structural_sig";
    public static final String NETWORK_HOST_HASH = "network_host_hash";
    public static final String NETWORK_PORT = "network_port";
    public static final String CREDENTIAL_BROKERED = "credential_brokered";
    public static final String CREDENTIAL_SOURCE = "credential_source";
    public static final String CREDENTIAL_SCOPE = "credential_scope";
    public static final String DEGRADED_MODE = "degraded_mode";
    public static final String AGENT_SVID = "agent_svid";
    public static final String AGENT_SVID_EXPIRY = "agent_svid_expiry";
    public static final String PRINCIPAL_CLAIMS_HASH = "principal_claims_hash";
    public static final String DELEGATED_FROM = "delegated_from";
    /** The trust domains a delegation crossed, outermost first; present only when it crossed one. */
    public static final String CROSS_DOMAIN_DELEGATION = "cross_domain_delegation";
    public static final String DEV_MODE = "dev_mode";
    public static final String ENFORCEMENT_MODE = "enforcement_mode";
    public static final String SHADOW_ACTUAL_EFFECT = "shadow_actual_effect";
    public static final String RETRY_AFTER_SECONDS = "retry_after_seconds";
    public static final String CREATED_AT = "created_at";

    /** Members that carry signatures over the canonical bytes, so they cannot be part of them. */
    public static final Set<String> SIGNATURE_FIELDS = Set.of(
            HMAC_SIGNATURE, SIGNATURE, SIGNATURE_ALGORITHM, SIGNER_PUBLIC_KEY, KMS_SIGNATURE, KMS_KEY_REF);

    /** The order our writer emits members in; anything else follows in insertion order. */
    static final List<String> WRITE_ORDER = List.of(
            SCHEMA_VERSION, CANONICALIZATION_ALGORITHM, RECORD_ID, PREV_RECORD_HASH, RECORD_HASH,
            AGENT_ID, SESSION_ID, TOOL_ID, ACTION_TYPE, LAMPORT_SEQ, INTERCEPT_ADAPTER, EXECUTION_TIMEOUT_MS,
            PRINCIPAL_ID_HASH, EFFECT, MATCHED_RULE_ID, RULE_REF, REASON_CODE, REASON, DENIAL_TOKEN,
            POLICY_VERSION, ARGS_STRUCTURAL_SIG, NETWORK_HOST_HASH, NETWORK_PORT, CREDENTIAL_BROKERED,
            CREDENTIAL_SOURCE, CREDENTIAL_SCOPE, DEGRADED_MODE, AGENT_SVID, AGENT_SVID_EXPIRY,
            PRINCIPAL_CLAIMS_HASH, DELEGATED_FROM, CROSS_DOMAIN_DELEGATION, DEV_MODE, ENFORCEMENT_MODE,
            SHADOW_ACTUAL_EFFECT, RETRY_AFTER_SECONDS, CREATED_AT);

    /** Members the daemon always writes (no omitempty), so the Go decoder always sees them. */
    static final Set<String> ALWAYS_WRITTEN = Set.of(
            SCHEMA_VERSION, RECORD_ID, PREV_RECORD_HASH, RECORD_HASH, AGENT_ID, SESSION_ID, TOOL_ID,
            INTERCEPT_ADAPTER, EFFECT, MATCHED_RULE_ID, REASON_CODE, REASON, POLICY_VERSION,
            ARGS_STRUCTURAL_SIG, CREATED_AT);

    private DprFields() {
    }
}
