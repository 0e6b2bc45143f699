package dev.faramesh.identity.azure;

import dev.faramesh.identity.IdentityContext;
import dev.faramesh.identity.IdentityException;
import dev.faramesh.identity.IdentityProvider;
import dev.faramesh.identity.IdentitySettings;
import dev.faramesh.identity.SpiffeUri;
import dev.faramesh.identity.http.PlatformHttp;
import dev.faramesh.identity.jwt.JwksSource;
import dev.faramesh.identity.jwt.JwtVerifier;
import dev.faramesh.identity.jwt.TokenFile;
import dev.faramesh.identity.jwt.TokenSupplier;
import dev.faramesh.identity.jwt.VerifiedJwt;
import dev.faramesh.policy.Principal;
import dev.faramesh.policy.ReasonCodes;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code type = "azure-workload"}: an Entra ID access token for {@code resource}, obtained as the
 * platform issues it — from the managed identity endpoint (IMDS, {@code imds_url}; a user-assigned
 * identity by {@code client_id}) or, under AKS workload identity, by exchanging the projected
 * token ({@code token_file}, else {@code AZURE_FEDERATED_TOKEN_FILE}) at
 * {@code <authority_host>/<tenant>/oauth2/v2.0/token} — and verified against the tenant's keys
 * ({@code <authority_host>/<tenant>/discovery/v2.0/keys} unless {@code jwks_url}) for the tenant's
 * v1 or v2 issuer, audience {@code audience} (default: the resource) and {@code tid} =
 * {@code tenant_id}. The identity is {@code spiffe://<trust_domain>/azure/<tenant>/<object id>}.
 */
public final class AzureWorkloadProvider implements IdentityProvider {

  private static final String AUTHORITY = "https://login.microsoftonline.com/";
  private static final String IMDS = "http://169.254.169.254/metadata/identity/oauth2/token";

  private TokenSupplier tokens;
  private JwtVerifier verifier;
  private String tenant;
  private String trustDomain;

  @Override
  public String type() {
    return "azure-workload";
  }

  @Override
  public boolean attests() {
    return true;
  }

  @Override
  public void configure(IdentityContext context) throws IdentityException {
    IdentitySettings s = new IdentitySettings(context);
    tenant = s.string("tenant_id", "AZURE_TENANT_ID", null);
    if (tenant == null) {
      throw s.misconfigured("needs tenant_id = \"...\" (or AZURE_TENANT_ID): the Entra tenant tokens must come from");
    }
    String resource = s.string("resource", null, s.string("audience"));
    if (resource == null) {
      throw s.misconfigured("needs resource = \"api://...\" (or audience): what the access token is requested for");
    }
    String audience = s.string("audience") == null ? resource : s.string("audience");
    Duration timeout = s.duration("timeout", Duration.ofSeconds(5));
    String authority = s.string("authority_host", "AZURE_AUTHORITY_HOST", AUTHORITY);
    authority = authority.endsWith("/") ? authority : authority + "/";
    s.checkedUrl("authority_host", authority);
    Set<String> issuers = s.string("issuer") != null ? Set.of(s.string("issuer"))
        : Set.of("https://sts.windows.net/" + tenant + "/", authority + tenant + "/v2.0");
    verifier = new JwtVerifier(issuers, audience, JwtVerifier.algorithms(s), Duration.ofSeconds(60), List.of("oid"),
        JwksSource.remote(s.url("jwks_url", authority + tenant + "/discovery/v2.0/keys"), timeout), context.clock());
    String clientId = s.string("client_id", "AZURE_CLIENT_ID", null);
    String federatedFile = s.string("token_file", "AZURE_FEDERATED_TOKEN_FILE", null);
    if (federatedFile != null) {
      if (clientId == null) {
        throw s.misconfigured("with a federated token file needs client_id (or AZURE_CLIENT_ID): the application "
            + "the token is exchanged for");
      }
      tokens = new EntraTokens(URI.create(authority + tenant + "/oauth2/v2.0/token"), clientId, resource,
          new TokenFile(s.path(federatedFile)), new PlatformHttp(timeout, false));
    } else {
      tokens = new ImdsTokens(s.url("imds_url", IMDS), resource, clientId, new PlatformHttp(timeout, true));
    }
    trustDomain = SpiffeUri.trustDomain(s.string("trust_domain") == null ? "login.microsoftonline.com"
        : s.string("trust_domain"));
  }

  @Override
  public Principal attest(String agentId) throws IdentityException {
    VerifiedJwt jwt = verifier.verify(tokens.token(agentId));
    if (!tenant.equals(jwt.string("tid"))) {
      throw IdentityException.of(ReasonCodes.IDENTITY_WRONG_ISSUER, "the token is from tenant " + jwt.string("tid")
          + ", not " + tenant);
    }
    String oid = jwt.string("oid");
    Map<String, Object> claims = new LinkedHashMap<>(jwt.claims());
    String id = SpiffeUri.of(trustDomain, "azure", tenant, oid);
    return Principal.builder(agentId, id).svid(id).expiry(jwt.expiry()).claims(claims).verified(true)
        .method("azure-workload").build();
  }

  @Override
  public long revision() {
    return tokens == null ? 0 : tokens.revision();
  }

  @Override
  public String explain() {
    return "an Entra ID access token from " + tokens.describe() + ", verified against the keys of tenant " + tenant
        + "; identity spiffe://" + trustDomain + "/azure/" + tenant + "/<object id>";
  }
}
