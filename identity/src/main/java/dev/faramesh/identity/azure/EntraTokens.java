package dev.faramesh.identity.azure;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.faramesh.identity.IdentityException;
import dev.faramesh.identity.http.PlatformHttp;
import dev.faramesh.identity.jwt.TokenFile;
import dev.faramesh.identity.jwt.TokenSupplier;
import dev.faramesh.policy.ReasonCodes;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.List;
import java.util.Map;

/**
 * AKS workload identity: the projected token is exchanged at Entra's v2 token endpoint
 * (client-credentials grant with a JWT-bearer client assertion) for an access token for
 * {@code resource}. The projected file is re-read on every exchange (the kubelet rotates it), and
 * its rotation bumps {@link #revision()}. Entra's error code, not its message, is reported.
 */
final class EntraTokens implements TokenSupplier {

  private final URI tokenUrl;
  private final String clientId;
  private final String resource;
  private final TokenFile assertion;
  private final PlatformHttp http;

  EntraTokens(URI tokenUrl, String clientId, String resource, TokenFile assertion, PlatformHttp http) {
    this.tokenUrl = tokenUrl;
    this.clientId = clientId;
    this.resource = resource;
    this.assertion = assertion;
    this.http = http;
  }

  @Override
  public String token(String agentId) throws IdentityException {
    String form = "client_id=" + enc(clientId) + "&scope=" + enc(resource + "/.default")
        + "&grant_type=client_credentials&client_assertion_type="
        + enc("urn:ietf:params:oauth:client-assertion-type:jwt-bearer") + "&client_assertion=" + enc(assertion.read());
    PlatformHttp.Reply r = http.post(tokenUrl, Map.of("Content-Type", "application/x-www-form-urlencoded"), form);
    if (!r.ok()) {
      throw IdentityException.of(r.status() >= 500 ? ReasonCodes.IDENTITY_PROVIDER_UNAVAILABLE
          : ReasonCodes.IDENTITY_UNVERIFIED, "Entra refused the federated token exchange: HTTP " + r.status()
          + errorCode(r.body()));
    }
    return ImdsTokens.accessToken(r.body(), "Entra");
  }

  private static String errorCode(String body) {
    try {
      Map<String, Object> json = JSONObjectUtils.parse(body);
      Object codes = json.get("error_codes");
      String error = JSONObjectUtils.getString(json, "error");
      return (error == null ? "" : " " + error) + (codes instanceof List && !((List<?>) codes).isEmpty()
          ? " (AADSTS" + ((List<?>) codes).get(0) + ")" : "");
    } catch (ParseException | RuntimeException e) {
      return "";
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Override
  public long revision() {
    return assertion.revision();
  }

  @Override
  public String describe() {
    return "the federated token " + assertion.path() + " exchanged at " + tokenUrl.getScheme() + "://"
        + tokenUrl.getAuthority();
  }
}
