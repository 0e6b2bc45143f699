package dev.faramesh.broker.vault;

import dev.faramesh.broker.BackendContext;
import dev.faramesh.broker.BackendException;
import dev.faramesh.broker.BackendSettings;
import dev.faramesh.broker.CredentialBackend;
import dev.faramesh.broker.Failure;
import dev.faramesh.broker.Secret;
import dev.faramesh.policy.CredentialBinding;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code vault} backend: HashiCorp Vault through the vault-java-driver. KV v2 secrets (latest or
 * a pinned version, one field of the entry) and dynamic secrets ({@code <mount>/creds/<role>}) whose
 * Vault lease is revoked when the call is over and renewed on request. Logs in with a token
 * ({@code token}, or {@code VAULT_TOKEN}), AppRole ({@code auth=approle}, {@code role_id},
 * {@code secret_id}), JWT ({@code auth=jwt}, {@code role}, {@code jwt_file}) or Kubernetes
 * ({@code auth=kubernetes}, {@code role}, {@code jwt_file} defaulting to the pod's service-account
 * token), at {@code auth_mount} (default: the method's name), and logs in again when the token is
 * about to expire. {@code addr} (or {@code VAULT_ADDR}) is required; {@code namespace} and
 * {@code timeout} are optional. The driver is only loaded by {@link #configure}.
 */
public final class VaultBackend implements CredentialBackend {

  static final Set<String> METHODS = Set.of("token", "approle", "jwt", "kubernetes");
  static final String POD_TOKEN = "/var/run/secrets/kubernetes.io/serviceaccount/token";

  private volatile VaultSession session;

  @Override
  public String type() {
    return "vault";
  }

  @Override
  public void configure(BackendContext context) throws BackendException {
    BackendSettings s = context.settings(type());
    String addr = s.get("addr").or(() -> s.environment("VAULT_ADDR")).orElseThrow(() ->
        new BackendException(Failure.BACKEND_NOT_CONFIGURED, "vault backend: no address (" + s.howToSet("addr")
            + ", or pass --vault-addr)"));
    String method = s.get("auth").orElse(s.get("role_id").isPresent() ? "approle" : "token").toLowerCase(Locale.ROOT);
    if (!METHODS.contains(method)) {
      throw new BackendException(Failure.BACKEND_NOT_CONFIGURED, "vault backend: auth \"" + method
          + "\" is not one of " + METHODS);
    }
    Duration timeout = s.timeout();
    VaultLogin login = VaultLogin.of(method, s);
    session = new VaultSession(addr, s.get("namespace").orElse(null), timeout, login);
  }

  private VaultSession session() throws BackendException {
    VaultSession s = session;
    if (s == null) {
      throw new BackendException(Failure.BACKEND_NOT_CONFIGURED, "vault backend is not configured");
    }
    return s;
  }

  @Override
  public Secret fetch(CredentialBinding binding) throws BackendException {
    return session().read(binding.name(), VaultPath.of(binding));
  }

  @Override
  public void revoke(Secret secret) throws BackendException {
    if (secret.leased()) {
      session().revoke(secret.leaseId());
    }
  }

  @Override
  public Duration renew(Secret secret, Duration increment) throws BackendException {
    if (!secret.leased() || !secret.renewable()) {
      throw new BackendException(Failure.BACKEND_DENIED, "vault lease is not renewable");
    }
    return session().renew(secret.leaseId(), increment);
  }

  @Override
  public boolean authenticate() throws BackendException {
    session().authenticate();
    return true;
  }
}
