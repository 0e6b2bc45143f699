package dev.faramesh.broker.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faramesh.broker.BackendException;
import dev.faramesh.broker.Failure;
import dev.faramesh.broker.Secret;
import io.github.jopenlibs.vault.EnvironmentLoader;
import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultConfig;
import io.github.jopenlibs.vault.VaultException;
import io.github.jopenlibs.vault.response.AuthResponse;
import io.github.jopenlibs.vault.response.LogicalResponse;
import io.github.jopenlibs.vault.response.VaultResponse;
import io.github.jopenlibs.vault.rest.RestResponse;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The driver side of the Vault backend: holds the current token (logging in again shortly before it
 * expires, or once when Vault refuses it), reads KV v2 and dynamic secrets, revokes and renews leases,
 * and turns the driver's answers into secrets or {@link BackendException}s whose message carries the
 * HTTP status and Vault's own error text, never a value. Retries are off: the broker decides when to
 * ask again.
 */
final class VaultSession {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** The fields tried, in order, when a secret has several and the binding names none. */
  private static final List<String> USUAL_FIELDS = List.of("value", "api_key", "api-key", "apikey", "token",
      "password", "key", "secret");

  private final String addr;
  private final String namespace;
  private final int timeoutSeconds;
  private final VaultLogin login;
  private String token;
  private Instant tokenExpires;

  VaultSession(String addr, String namespace, Duration timeout, VaultLogin login) {
    this.addr = addr.endsWith("/") ? addr.substring(0, addr.length() - 1) : addr;
    this.namespace = namespace;
    // The driver counts timeouts in whole seconds.
    this.timeoutSeconds = (int) Math.max(1, (timeout.toMillis() + 999) / 1000);
    this.login = login;
    if (login.usesToken()) {
      token = login.token();
    }
  }

  Secret read(String name, VaultPath path) throws BackendException {
    try {
      return readOnce(name, path);
    } catch (BackendException e) {
      if (e.failure() != Failure.BACKEND_DENIED || login.usesToken()) {
        throw e;
      }
      // A login token Vault no longer accepts (revoked, expired early): log in once more.
      dropToken();
      return readOnce(name, path);
    }
  }

  private Secret readOnce(String name, VaultPath path) throws BackendException {
    LogicalResponse r;
    try {
      Vault vault = client(path.dynamic() ? 1 : 2);
      r = path.version() == null ? vault.logical().read(path.logical())
          : vault.logical().read(path.logical(), false, path.version());
    } catch (VaultException e) {
      throw failure("read " + path, e);
    }
    check("read " + path, r.getRestResponse());
    Map<String, String> data = r.getData();
    String value = pick(name, path, data);
    if (path.dynamic()) {
      String leaseId = r.getLeaseId();
      if (leaseId == null || leaseId.isEmpty()) {
        return Secret.of(value, null);
      }
      Long seconds = r.getLeaseDuration();
      return Secret.leased(value, leaseId, seconds == null ? null : Duration.ofSeconds(seconds),
          Boolean.TRUE.equals(r.getRenewable()));
    }
    Long version = r.getDataMetadata().getVersion();
    return Secret.of(value, version == null ? null : version.toString());
  }

  private static String pick(String name, VaultPath path, Map<String, String> data) throws BackendException {
    if (data.isEmpty()) {
      throw new BackendException(Failure.CREDENTIAL_NOT_FOUND, "vault " + path + " holds no data for credential \""
          + name + "\"");
    }
    String field = path.field();
    if (field != null && field.contains(":")) {
      // "username:password": several fields joined, e.g. for HTTP Basic credentials.
      StringBuilder joined = new StringBuilder();
      for (String f : field.split(":")) {
        joined.append(joined.length() == 0 ? "" : ":").append(field(name, path, data, f));
      }
      return joined.toString();
    }
    if (field != null) {
      return field(name, path, data, field);
    }
    if (data.size() == 1) {
      return data.values().iterator().next();
    }
    for (String f : USUAL_FIELDS) {
      if (data.containsKey(f)) {
        return data.get(f);
      }
    }
    throw new BackendException(Failure.CREDENTIAL_NOT_FOUND, "vault " + path + " has fields "
        + new TreeSet<>(data.keySet()) + "; say which one credential \"" + name + "\" uses with field = \"...\"");
  }

  private static String field(String name, VaultPath path, Map<String, String> data, String f)
      throws BackendException {
    String v = data.get(f);
    if (v == null) {
      throw new BackendException(Failure.CREDENTIAL_NOT_FOUND, "vault " + path + " has no field \"" + f
          + "\" for credential \"" + name + "\" (fields: " + new TreeSet<>(data.keySet()) + ")");
    }
    return v;
  }

  void revoke(String leaseId) throws BackendException {
    try {
      client(1).leases().revoke(leaseId);
    } catch (VaultException e) {
      throw failure("revoke lease", e);
    }
  }

  Duration renew(String leaseId, Duration increment) throws BackendException {
    VaultResponse r;
    try {
      r = client(1).leases().renew(leaseId, Math.max(1, increment.toSeconds()));
    } catch (VaultException e) {
      throw failure("renew lease", e);
    }
    try {
      JsonNode body = JSON.readTree(r.getRestResponse().getBody());
      return Duration.ofSeconds(body.path("lease_duration").asLong(0));
    } catch (IOException e) {
      throw new BackendException(Failure.BACKEND_UNAVAILABLE, "vault renew lease: unreadable answer");
    }
  }

  /** Checks the login for real: a token is looked up, a login method logs in afresh. */
  void authenticate() throws BackendException {
    if (login.usesToken()) {
      try {
        client(1).auth().lookupSelf();
      } catch (VaultException e) {
        throw failure("token lookup-self", e);
      }
    } else {
      dropToken();
      currentToken();
    }
  }

  private synchronized void dropToken() {
    if (!login.usesToken()) {
      token = null;
    }
  }

  private synchronized String currentToken() throws BackendException {
    if (token != null && (tokenExpires == null || Instant.now().isBefore(tokenExpires))) {
      return token;
    }
    AuthResponse r;
    try {
      Vault anonymous = Vault.create(config(null), 1);
      switch (login.method()) {
        case "approle":
          r = anonymous.auth().loginByAppRole(login.mount(), login.roleId(), login.secretId());
          break;
        default:
          // JWT and Kubernetes logins share the request shape; the driver wants the full auth path.
          r = anonymous.auth().loginByJwt(login.method(), login.role(), login.jwt(), "auth/" + login.mount());
      }
    } catch (VaultException e) {
      throw failure(login.method() + " login at auth/" + login.mount(), e);
    }
    String t = r.getAuthClientToken();
    if (t == null || t.isEmpty()) {
      throw new BackendException(Failure.BACKEND_DENIED, "vault " + login.method() + " login at auth/" + login.mount()
          + " returned no token");
    }
    long ttl = r.getAuthLeaseDuration();
    token = t;
    // Log in again when 80% of the token's life has passed; 0 means it does not expire.
    tokenExpires = ttl <= 0 ? null : Instant.now().plusMillis(ttl * 800);
    return token;
  }

  /** A driver for engine version 2 (it adds {@code data/} to KV paths) or 1 (paths as given). */
  private Vault client(int engineVersion) throws BackendException, VaultException {
    return Vault.create(config(currentToken()), engineVersion);
  }

  private VaultConfig config(String withToken) throws VaultException {
    VaultConfig cfg = new VaultConfig().environmentLoader(new NoEnvironment()).address(addr)
        .openTimeout(timeoutSeconds).readTimeout(timeoutSeconds);
    if (withToken != null) {
      cfg.token(withToken);
    }
    if (namespace != null) {
      cfg.nameSpace(namespace);
    }
    return cfg.build();
  }

  /** Answers with a 4xx status reach us as responses; turn them into failures. */
  private static void check(String what, RestResponse r) throws BackendException {
    int status = r.getStatus();
    if (status == 200 || status == 204) {
      return;
    }
    String errors = errors(r.getBody());
    Failure f;
    if (status == 403 || status == 401) {
      f = Failure.BACKEND_DENIED;
    } else if (status == 404 || status == 400) {
      f = Failure.CREDENTIAL_NOT_FOUND;
    } else if (status == 429 || status >= 500) {
      f = Failure.BACKEND_UNAVAILABLE;
    } else {
      f = Failure.BACKEND_DENIED;
    }
    throw new BackendException(f, "vault " + what + ": HTTP " + status + (errors.isEmpty() ? "" : " " + errors));
  }

  private static BackendException failure(String what, VaultException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof HttpTimeoutException) {
        return new BackendException(Failure.BACKEND_TIMEOUT, "vault " + what + ": no answer within the timeout", e);
      }
      if (t instanceof ConnectException) {
        return new BackendException(Failure.BACKEND_UNAVAILABLE, "vault " + what + ": connection refused", e);
      }
    }
    int status = e.getHttpStatusCode();
    if (status > 0) {
      String body = e.getMessage() == null ? "" : e.getMessage();
      int at = body.indexOf("Response body: ");
      String errors = at < 0 ? "" : errors(body.substring(at + 15).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      Failure f = status == 403 || status == 401 || status == 400 && what.contains("login") ? Failure.BACKEND_DENIED
          : status == 404 ? Failure.CREDENTIAL_NOT_FOUND : Failure.BACKEND_UNAVAILABLE;
      return new BackendException(f, "vault " + what + ": HTTP " + status + (errors.isEmpty() ? "" : " " + errors), e);
    }
    return new BackendException(Failure.BACKEND_UNAVAILABLE, "vault " + what + ": " + rootName(e), e);
  }

  private static String rootName(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName();
  }

  /** Vault's {@code {"errors":[...]}} as one line, e.g. {@code [permission denied]}. */
  private static String errors(byte[] body) {
    try {
      JsonNode n = JSON.readTree(body);
      List<String> out = new ArrayList<>();
      n.path("errors").forEach(x -> out.add(x.asText()));
      return out.isEmpty() ? "" : out.toString();
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  /** Keeps the driver from reading VAULT_* variables itself: everything is configured explicitly. */
  private static final class NoEnvironment extends EnvironmentLoader {
    private static final long serialVersionUID = 1L;

    @Override
    public String loadVariable(String name) {
      return null;
    }
  }
}
