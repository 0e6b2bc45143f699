package dev.faramesh.broker.vault;

import dev.faramesh.broker.BackendException;
import dev.faramesh.broker.Failure;
import dev.faramesh.policy.CredentialBinding;

/**
 * Where a binding's secret lives in Vault. {@code secret/data/stripe/api-key} (the KV v2 API path,
 * as {@code credential register --path} takes it) and {@code secret/stripe/api-key} (the logical
 * path the Vault CLI and the Java driver use) both name key {@code stripe/api-key} of the KV v2 engine
 * at {@code secret/}; {@code database/creds/readonly} (any mount, then {@code creds}) is a dynamic
 * secret. A field may follow a {@code #}; the binding's {@code field} wins over it.
 */
record VaultPath(String mount, String key, boolean dynamic, String field, Integer version) {

  static VaultPath of(CredentialBinding b) throws BackendException {
    String raw = b.path() == null ? "" : b.path().trim();
    String field = b.field();
    int hash = raw.indexOf('#');
    if (hash >= 0) {
      if (field == null && hash < raw.length() - 1) {
        field = raw.substring(hash + 1);
      }
      raw = raw.substring(0, hash);
    }
    while (raw.startsWith("/")) {
      raw = raw.substring(1);
    }
    if (raw.startsWith("v1/")) {
      raw = raw.substring(3);
    }
    String[] parts = raw.split("/", 3);
    if (parts.length < 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
      throw new BackendException(Failure.BACKEND_NOT_CONFIGURED, "credential \"" + b.name() + "\": vault path \""
          + b.path() + "\" needs a mount and a key, e.g. secret/data/app/key or database/creds/role");
    }
    Integer version = null;
    if (b.version() != null) {
      try {
        version = Integer.valueOf(b.version());
      } catch (NumberFormatException e) {
        throw new BackendException(Failure.BACKEND_NOT_CONFIGURED, "credential \"" + b.name()
            + "\": a Vault KV version is a number, not \"" + b.version() + "\"");
      }
    }
    if (parts[1].equals("creds") && parts.length == 3) {
      return new VaultPath(parts[0], "creds/" + parts[2], true, field, null);
    }
    if (parts[1].equals("data") && parts.length == 3) {
      return new VaultPath(parts[0], parts[2], false, field, version);
    }
    String key = parts.length == 3 ? parts[1] + "/" + parts[2] : parts[1];
    return new VaultPath(parts[0], key, false, field, version);
  }

  /** The logical path the driver takes (it adds {@code data/} itself for KV v2). */
  String logical() {
    return mount + "/" + key;
  }

  @Override
  public String toString() {
    return dynamic ? logical() : mount + "/data/" + key + (version == null ? "" : "?version=" + version);
  }
}
