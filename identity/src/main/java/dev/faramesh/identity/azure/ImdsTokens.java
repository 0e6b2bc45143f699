package dev.faramesh.identity.azure;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.faramesh.identity.IdentityException;
import dev.faramesh.identity.http.PlatformHttp;
import dev.faramesh.identity.jwt.TokenSupplier;
import dev.faramesh.policy.ReasonCodes;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Map;

/**
 * Access tokens of the VM's (or a user-assigned) managed identity from Azure IMDS:
 * {@code GET <imds>?api-version=2018-02-01&resource=R[&client_id=C]} with {@code Metadata: true}.
 */
final class ImdsTokens implements TokenSupplier {

  private final URI url;
  private final PlatformHttp http;

  ImdsTokens(URI imds, String resource, String clientId, PlatformHttp http) {
    this.url = URI.create(imds + "?api-version=2018-02-01&resource=" + URLEncoder.encode(resource,
        StandardCharsets.UTF_8) + (clientId == null ? "" : "&client_id=" + URLEncoder.encode(clientId,
        StandardCharsets.UTF_8)));
    this.http = http;
  }

  @Override
  public String token(String agentId) throws IdentityException {
    PlatformHttp.Reply r = http.get(url, Map.of("Metadata", "true"));
    if (!r.ok()) {
      throw IdentityException.of(r.status() >= 500 ? ReasonCodes.IDENTITY_PROVIDER_UNAVAILABLE
          : ReasonCodes.IDENTITY_UNVERIFIED, "the managed identity endpoint answered " + r.status());
    }
    return accessToken(r.body(), "the managed identity endpoint");
  }

  /** {@code access_token} of a token response. */
  static String accessToken(String body, String from) throws IdentityException {
    try {
      String token = JSONObjectUtils.getString(JSONObjectUtils.parse(body), "access_token");
      if (token != null && !token.isBlank()) {
        return token;
      }
    } catch (ParseException e) {
      // reported below
    }
    throw IdentityException.of(ReasonCodes.IDENTITY_INVALID, from + " returned no access token");
  }

  @Override
  public long revision() {
    return 0;
  }

  @Override
  public String describe() {
    return "Azure IMDS at " + url.getScheme() + "://" + url.getAuthority();
  }
}
