package dev.faramesh.policy.fpl;

import java.util.Map;
import java.util.Set;

/**
 * The settings each block accepts, in one place, so unknown fields are reported with a
 * "did you mean" instead of being silently ignored.
 */
final class Schemas {

  private Schemas() {}

  static final Set<String> RUNTIME = Set.of("mode", "wal_dir", "strip_env", "strip_ambient_credentials", "identity",
      "stack", "backend", "proxy_port", "data_dir", "agent_enforce_profile", "enforce_profile", "registry");

  static final Set<String> CREDENTIAL = Set.of("backend", "path", "env", "hosts", "scope", "ttl", "max_scope",
      "field", "version", "description");

  static final Set<String> CREDENTIAL_BACKENDS = Set.of("env", "vault", "aws-sm", "gcp-sm", "azure-kv",
      "1password", "infisical");

  /** Daemon spellings of backends, mapped to ours. */
  static final Map<String, String> BACKEND_ALIASES = Map.of("aws", "aws-sm", "aws_secrets_manager", "aws-sm",
      "gcp", "gcp-sm", "azure", "azure-kv", "onepassword", "1password");

  static final Set<String> BUDGET = Set.of("max", "daily", "max_calls", "warn_at", "on_exceed", "cost", "tools",
      "scope", "description");

  static final Set<String> RATE_LIMIT = Set.of("limit", "window");

  static final Set<String> SPAWN = Set.of("allow", "max_concurrent", "allowed_types");

  static final Set<String> DELEGATE = Set.of("to", "inherits", "scope", "ttl", "ceiling");

  static final Set<String> SYSTEM = Set.of("version", "on_policy_load_failure", "kill_switch_default", "max_output_bytes");

  static final Set<String> EGRESS = Set.of("allow", "deny");

  /** Agent blocks that parse but that this runtime does not enforce; {@code policy check} says so. */
  static final Set<String> NOT_ENFORCED = Set.of("model_policy", "session", "completion_gate", "enforcement", "alert",
      "ambient", "selector", "redact");

  static final Set<String> IDENTITY_TYPES = Set.of("spiffe", "oidc", "k8s-projected", "aws-workload", "gcp-workload",
      "azure-workload", "dev");

  static final Map<String, Set<String>> IDENTITY = Map.of(
      "spiffe", Set.of("socket", "trust_domain", "svid", "audience", "timeout", "agent_path"),
      "oidc", Set.of("issuer", "audience", "jwks_url", "claim_agent_id", "claim_groups", "token_file", "token_env",
          "algorithms", "clock_skew", "trust_domain", "required_claims", "socket", "timeout"),
      "k8s-projected", Set.of("token_file", "issuer", "audience", "jwks_url", "trust_domain", "clock_skew",
          "algorithms", "allowed_namespaces", "timeout"),
      "aws-workload", Set.of("region", "sts_endpoint", "trust_domain", "allowed_accounts", "allowed_arns",
          "server_id", "timeout", "role_arn", "token_file"),
      "gcp-workload", Set.of("audience", "metadata_url", "jwks_url", "issuer", "trust_domain", "allowed_projects",
          "token_file", "timeout"),
      "azure-workload", Set.of("tenant_id", "client_id", "audience", "jwks_url", "issuer", "token_file", "imds_url",
          "trust_domain", "authority_host", "resource", "timeout"),
      "dev", Set.of("stack", "trust_domain"));

  static final Set<String> PROVIDER_TYPES = Set.of("vault", "aws-sm", "aws", "aws_secrets_manager", "gcp-sm", "gcp",
      "azure-kv", "azure", "1password", "infisical", "env");

  static final Set<String> PROVIDER = Set.of("type", "addr", "address", "token", "mount", "namespace", "auth",
      "role", "role_id", "secret_id", "jwt_file", "region", "endpoint", "access_key_id", "secret_access_key",
      "session_token", "project", "transport", "credentials_file", "vault_url", "tenant_id", "client_id",
      "client_secret", "host", "vault", "environment", "secret_path", "timeout", "cache_ttl",
      // added with the six backends: where a login method is mounted, Entra and IMDS endpoints
      "auth_mount", "authority_host", "imds_endpoint", "federated_token_file", "credentials", "ca_cert");
}
