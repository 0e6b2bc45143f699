package dev.faramesh.broker.infisical;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faramesh.broker.BackendException;
import dev.faramesh.broker.Failure;
import dev.faramesh.broker.JsonFields;
import dev.faramesh.broker.Secret;
import dev.faramesh.policy.CredentialBinding;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * Infisical over HTTP: universal-auth login, the access token kept until a minute (or a tenth of its
 * life) before it expires and dropped on a 401, and secret reads through v4, else v3. Error bodies
 * are not quoted (only Infisical's {@code error} name is), and never a token or a value.
 */
final class InfisicalClient {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final InfisicalBackend.InfisicalSettings s;
  private final HttpClient http;
  private final String where;
  private final Object loginLock = new Object();
  private volatile Token token;
  private volatile boolean v3Only;

  private record Token(String value, Instant renewAt) {
    @Override
    public String toString() {
      return "Token[renew at " + renewAt + "]";
    }
  }

  InfisicalClient(InfisicalBackend.InfisicalSettings settings) {
    this.s = settings;
    this.http = HttpClient.newBuilder().connectTimeout(min(settings.timeout(), Duration.ofSeconds(2)))
        .version(HttpClient.Version.HTTP_1_1).build();
    this.where = "infisical " + settings.host().getHost() + (settings.host().getPort() < 0 ? ""
        : ":" + settings.host().getPort());
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) < 0 ? a : b;
  }

  /** Logs in for real (also for health checks) and keeps the token. */
  String login() throws BackendException {
    synchronized (loginLock) {
      ObjectNode body = JSON.createObjectNode().put("clientId", s.clientId()).put("clientSecret", s.clientSecret());
      HttpRequest req = HttpRequest.newBuilder(uri("/api/v1/auth/universal-auth/login")).timeout(s.timeout())
          .header("Content-Type", "application/json").header("Accept", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
      HttpResponse<byte[]> r = send("universal-auth login", req);
      JsonNode n = parse("universal-auth login", r);
      if (r.statusCode() != 200 || !n.hasNonNull("accessToken")) {
        throw status("universal-auth login", r.statusCode(), n);
      }
      long life = Math.max(1, n.path("expiresIn").asLong(300));
      long margin = Math.min(60, life / 10);
      Token t = new Token(n.get("accessToken").asText(), Instant.now().plusSeconds(life - margin));
      token = t;
      return t.value();
    }
  }

  private String accessToken() throws BackendException {
    Token t = token;
    if (t != null && Instant.now().isBefore(t.renewAt())) {
      return t.value();
    }
    return login();
  }

  Secret read(CredentialBinding b) throws BackendException {
    JsonFields.PathAndKey pk = JsonFields.split(b);
    String full = pk.path().trim();
    int slash = full.lastIndexOf('/');
    String name = slash < 0 ? full : full.substring(slash + 1);
    String folder = slash <= 0 ? (slash == 0 ? "/" : s.secretPath()) : full.substring(0, slash);
    if (!folder.startsWith("/")) {
      folder = s.secretPath().endsWith("/") ? s.secretPath() + folder : s.secretPath() + "/" + folder;
    }
    if (name.isEmpty()) {
      throw new BackendException(Failure.CREDENTIAL_NOT_FOUND, where + ": path " + b.path() + " of " + b.name()
          + " names no secret");
    }
    String what = "secret " + name + " in " + folder + " (" + s.environment() + ")";
    JsonNode secret = null;
    boolean retried = false;
    while (secret == null) {
      String tok = accessToken();
      HttpResponse<byte[]> r = v3Only ? null : send(what, get(v4(name, folder, b.version()), tok));
      if (r != null && r.statusCode() == 404 && routeMissing(r)) {
        v3Only = true;
        r = null;
      }
      if (r == null) {
        r = send(what, get(v3(name, folder, b.version()), tok));
      }
      if (r.statusCode() == 401 && !retried) {
        token = null;
        retried = true;
        continue;
      }
      JsonNode n = parse(what, r);
      if (r.statusCode() != 200) {
        throw status(what, r.statusCode(), n);
      }
      secret = n.path("secret");
    }
    if (!secret.hasNonNull("secretValue") || secret.path("secretValueHidden").asBoolean(false)) {
      throw new BackendException(Failure.BACKEND_DENIED, where + ": " + what + ": the identity may not view the value");
    }
    String version = secret.hasNonNull("version") ? secret.get("version").asText() : null;
    return Secret.of(JsonFields.pick("infisical secret " + name, secret.get("secretValue").asText(), pk.key()), version);
  }

  private static boolean routeMissing(HttpResponse<byte[]> r) {
    try {
      JsonNode n = JSON.readTree(r.body());
      return n.path("message").asText("").startsWith("Route ");
    } catch (IOException e) {
      return true;
    }
  }

  private URI v4(String name, String folder, String version) {
    return uri("/api/v4/secrets/" + enc(name) + "?projectId=" + enc(s.project()) + "&environment="
        + enc(s.environment()) + "&secretPath=" + enc(folder) + (version == null ? "" : "&version=" + enc(version))
        + "&type=shared&viewSecretValue=true&expandSecretReferences=true&include_imports=false");
  }

  private URI v3(String name, String folder, String version) {
    return uri("/api/v3/secrets/raw/" + enc(name) + "?workspaceId=" + enc(s.project()) + "&environment="
        + enc(s.environment()) + "&secretPath=" + enc(folder) + (version == null ? "" : "&version=" + enc(version))
        + "&type=shared&expandSecretReferences=true&include_imports=false");
  }

  private HttpRequest get(URI u, String tok) {
    return HttpRequest.newBuilder(u).timeout(s.timeout()).header("Authorization", "Bearer " + tok)
        .header("Accept", "application/json").GET().build();
  }

  private URI uri(String pathAndQuery) {
    String base = s.host().toString();
    return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + pathAndQuery);
  }

  private static String enc(String v) {
    return URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private HttpResponse<byte[]> send(String what, HttpRequest req) throws BackendException {
    try {
      return http.send(req, HttpResponse.BodyHandlers.ofByteArray());
    } catch (HttpTimeoutException e) {
      throw new BackendException(Failure.BACKEND_TIMEOUT, where + ": " + what + ": no answer within the timeout", e);
    } catch (ConnectException e) {
      throw new BackendException(Failure.BACKEND_UNAVAILABLE, where + ": " + what + ": connection refused", e);
    } catch (IOException e) {
      throw new BackendException(Failure.BACKEND_UNAVAILABLE, where + ": " + what + ": " + e.getClass().getSimpleName(),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackendException(Failure.BACKEND_UNAVAILABLE, where + ": " + what + ": interrupted", e);
    }
  }

  private JsonNode parse(String what, HttpResponse<byte[]> r) throws BackendException {
    try {
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new BackendException(r.statusCode() >= 500 ? Failure.BACKEND_UNAVAILABLE : Failure.CREDENTIAL_INVALID,
          where + ": " + what + ": HTTP " + r.statusCode() + " with a body that is not JSON");
    }
  }

  private BackendException status(String what, int code, JsonNode n) {
    Failure f = code == 401 || code == 403 ? Failure.BACKEND_DENIED
        : code == 404 ? Failure.CREDENTIAL_NOT_FOUND
        : code == 400 || code == 422 ? Failure.BACKEND_NOT_CONFIGURED : Failure.BACKEND_UNAVAILABLE;
    String error = n.path("error").asText("");
    return new BackendException(f, where + ": " + what + ": HTTP " + code + (error.isEmpty() ? "" : " " + error));
  }
}
