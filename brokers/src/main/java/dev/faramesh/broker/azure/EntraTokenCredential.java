package dev.faramesh.broker.azure;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.exception.ClientAuthenticationException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import reactor.core.publisher.Mono;

/**
 * A Microsoft Entra access token for Key Vault, obtained the three ways a workload has: the OAuth 2.0
 * client-credentials grant with a client secret or with a federated client assertion (AKS workload
 * identity: the projected token file, re-read every time because it rotates), at
 * {@code <authority>/<tenant>/oauth2/v2.0/token}; or the VM's managed identity from IMDS. Failures
 * are {@link ClientAuthenticationException}s that say which endpoint answered what, never a token.
 */
final class EntraTokenCredential implements TokenCredential {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final AzureKeyVaultBackend.AzureClientSettings s;
  private final HttpClient http;

  EntraTokenCredential(AzureKeyVaultBackend.AzureClientSettings settings, HttpClient http) {
    this.s = settings;
    this.http = http;
  }

  @Override
  public Mono<AccessToken> getToken(TokenRequestContext request) {
    return Mono.fromCallable(() -> getTokenSync(request));
  }

  @Override
  public AccessToken getTokenSync(TokenRequestContext request) {
    String scope = request.getScopes().isEmpty() ? "https://vault.azure.net/.default" : request.getScopes().get(0);
    try {
      return s.identity() == AzureKeyVaultBackend.Identity.MANAGED_IDENTITY ? imds(scope) : clientCredentials(scope);
    } catch (IOException e) {
      throw new ClientAuthenticationException("Entra token request failed: " + e.getClass().getSimpleName(), null, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClientAuthenticationException("Entra token request interrupted", null, e);
    }
  }

  private AccessToken clientCredentials(String scope) throws IOException, InterruptedException {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "client_credentials");
    form.put("client_id", s.clientId());
    form.put("scope", scope);
    if (s.identity() == AzureKeyVaultBackend.Identity.CLIENT_SECRET) {
      form.put("client_secret", s.clientSecret());
    } else {
      form.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
      form.put("client_assertion", Files.readString(s.federatedTokenFile()).trim());
    }
    URI endpoint = URI.create(trim(s.authorityHost().toString()) + "/" + s.tenantId() + "/oauth2/v2.0/token");
    HttpRequest req = HttpRequest.newBuilder(endpoint).timeout(s.timeout())
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(encode(form))).build();
    return token(http.send(req, HttpResponse.BodyHandlers.ofByteArray()), "Entra token endpoint " + endpoint);
  }

  private AccessToken imds(String scope) throws IOException, InterruptedException {
    String resource = scope.endsWith("/.default") ? scope.substring(0, scope.length() - "/.default".length()) : scope;
    String query = "api-version=2018-02-01&resource=" + URLEncoder.encode(resource, StandardCharsets.UTF_8)
        + (s.clientId() == null ? "" : "&client_id=" + URLEncoder.encode(s.clientId(), StandardCharsets.UTF_8));
    URI endpoint = URI.create(trim(s.imdsEndpoint().toString()) + "/metadata/identity/oauth2/token?" + query);
    HttpRequest req = HttpRequest.newBuilder(endpoint).timeout(s.timeout()).header("Metadata", "true").GET().build();
    return token(http.send(req, HttpResponse.BodyHandlers.ofByteArray()), "managed identity endpoint (IMDS)");
  }

  /** The token endpoint is down or overloaded (5xx, 429): an outage, not a refusal. */
  static final class Unavailable extends ClientAuthenticationException {
    private static final long serialVersionUID = 1L;

    Unavailable(String message) {
      super(message, null);
    }
  }

  private static AccessToken token(HttpResponse<byte[]> r, String where) throws IOException {
    if (r.statusCode() == 429 || r.statusCode() >= 500) {
      throw new Unavailable(where + " answered HTTP " + r.statusCode());
    }
    JsonNode n = JSON.readTree(r.body());
    if (r.statusCode() != 200 || !n.hasNonNull("access_token")) {
      String error = n.path("error").isTextual() ? n.path("error").asText() : n.path("error").path("code").asText("");
      // Entra's numeric AADSTS code says why (7000215 wrong secret, 700016 unknown app, 70021 no federated
      // record); the description is not quoted
      JsonNode codes = n.path("error_codes");
      String aadsts = codes.isArray() && codes.size() > 0 && codes.get(0).canConvertToLong()
          ? " AADSTS" + codes.get(0).asLong() : "";
      throw new ClientAuthenticationException(where + " answered HTTP " + r.statusCode()
          + (error.isEmpty() ? "" : " " + error) + aadsts, null);
    }
    long expiresIn = n.path("expires_in").asLong(3600);
    return new AccessToken(n.get("access_token").asText(), OffsetDateTime.now().plus(Duration.ofSeconds(expiresIn)));
  }

  private static String encode(Map<String, String> form) {
    StringJoiner j = new StringJoiner("&");
    form.forEach((k, v) -> j.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return j.toString();
  }

  private static String trim(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
