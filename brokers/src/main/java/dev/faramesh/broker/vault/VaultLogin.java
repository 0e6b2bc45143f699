package dev.faramesh.broker.vault;

import dev.faramesh.broker.BackendException;
import dev.faramesh.broker.BackendSettings;
import dev.faramesh.broker.Failure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How the backend gets a Vault token: a configured one, or a login with AppRole ids or a JWT read
 * from a file (re-read at each login, since projected service-account tokens rotate). Holds the
 * login secrets only in memory and never prints them.
 */
record VaultLogin(String method, String mount, String token, String roleId, String secretId, String role,
    Path jwtFile) {

  static VaultLogin of(String method, BackendSettings s) throws BackendException {
    String mount = s.get("auth_mount").orElse(method);
    switch (method) {
      case "token": {
        String token = s.get("token").or(() -> s.environment("VAULT_TOKEN")).orElseThrow(() ->
            new BackendException(Failure.BACKEND_NOT_CONFIGURED, "vault backend: no token (" + s.howToSet("token")
                + ", pass --vault-token, or choose auth = approle, jwt or kubernetes)"));
        return new VaultLogin(method, mount, token, null, null, null, null);
      }
      case "approle":
        return new VaultLogin(method, mount, null, s.require("role_id"), s.require("secret_id"), null, null);
      case "kubernetes":
        return new VaultLogin(method, mount, null, null, null, s.require("role"),
            s.path("jwt_file").orElse(Path.of(VaultBackend.POD_TOKEN)));
      default:
        return new VaultLogin(method, mount, null, null, null, s.require("role"), s.path("jwt_file").orElseThrow(() ->
            new BackendException(Failure.BACKEND_NOT_CONFIGURED, "vault backend: auth jwt needs jwt_file ("
                + s.howToSet("jwt_file") + ")")));
    }
  }

  boolean usesToken() {
    return token != null;
  }

  String jwt() throws BackendException {
    try {
      return Files.readString(jwtFile).trim();
    } catch (IOException e) {
      throw new BackendException(Failure.BACKEND_NOT_CONFIGURED, "vault " + method + " login: cannot read the JWT "
          + jwtFile + " (" + e.getClass().getSimpleName() + ")");
    }
  }

  @Override
  public String toString() {
    return "VaultLogin[" + method + " at auth/" + mount + "]";
  }
}
