package dev.faramesh.identity.oidc;

import dev.faramesh.identity.IdentityContext;
import dev.faramesh.identity.IdentityException;
import dev.faramesh.identity.IdentityProvider;
import dev.faramesh.identity.IdentitySettings;
import dev.faramesh.identity.SpiffeUri;
import dev.faramesh.identity.jwt.JwksSource;
import dev.faramesh.identity.jwt.JwtVerifier;
import dev.faramesh.identity.jwt.TokenSupplier;
import dev.faramesh.identity.jwt.VerifiedJwt;
import dev.faramesh.policy.Principal;
import dev.faramesh.policy.ReasonCodes;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code type = "oidc"}: a JWT bound to the process ({@code token_file}, whose path may contain
 * {@code {agent}}, {@code token_env}, or a JWT-SVID fetched from the SPIFFE Workload API at
 * {@code socket}) verified against the issuer's JWKS ({@code jwks_url}, else found through
 * discovery) for {@code issuer} and {@code audience}. {@code claim_agent_id} names the claim that
 * must equal the agent label, {@code claim_groups} the claim read as {@code principal.groups}. The
 * identity is {@code spiffe://<trust_domain>/<sub>} (trust domain: the issuer's host unless set),
 * its expiry the token's {@code exp}.
 */
public final class OidcProvider implements IdentityProvider {

  private TokenSupplier tokens;
  private JwtVerifier verifier;
  private String issuer;
  private String audience;
  private String keysFrom;
  private String trustDomain;
  private String claimAgentId;
  private String claimGroups;

  @Override
  public String type() {
    return "oidc";
  }

  @Override
  public boolean attests() {
    return true;
  }

  @Override
  public void configure(IdentityContext context) throws IdentityException {
    IdentitySettings s = new IdentitySettings(context);
    issuer = s.required("issuer", "the issuer URL the tokens carry in iss");
    audience = s.required("audience", "the audience the tokens must be issued for");
    Duration timeout = s.duration("timeout", Duration.ofSeconds(5));
    URI jwks = s.url("jwks_url", null);
    keysFrom = jwks != null ? jwks.toString() : issuer + "/.well-known/openid-configuration";
    verifier = new JwtVerifier(Set.of(issuer), audience, JwtVerifier.algorithms(s),
        s.duration("clock_skew", Duration.ofSeconds(60)), s.list("required_claims"),
        jwks != null ? JwksSource.remote(jwks, timeout) : JwksSource.discovered(issuer, timeout), context.clock());
    tokens = tokens(s, timeout, audience);
    String td = s.string("trust_domain");
    trustDomain = SpiffeUri.trustDomain(td != null ? td : URI.create(issuer).getHost());
    if (trustDomain == null) {
      throw s.misconfigured("needs trust_domain = \"...\": the issuer " + issuer + " has no host to default to");
    }
    claimAgentId = s.string("claim_agent_id");
    claimGroups = s.string("claim_groups");
  }

  static TokenSupplier tokens(IdentitySettings s, Duration timeout, String audience) throws IdentityException {
    String file = s.string("token_file");
    String env = s.string("token_env");
    String socket = s.string("socket");
    int sources = (file != null ? 1 : 0) + (env != null ? 1 : 0) + (socket != null ? 1 : 0);
    if (sources != 1) {
      throw s.misconfigured((sources == 0 ? "needs" : "takes one of") + " token_file = \"/path/to/token\", "
          + "token_env = \"VARIABLE\" or socket = \"unix:/path/to/workload-api.sock\": where the workload's JWT is");
    }
    if (file != null) {
      return TokenSupplier.file(s.path(file));
    }
    if (env != null) {
      return TokenSupplier.environment(s.context().environment(), env);
    }
    return WorkloadApiTokens.connect(socket, audience, timeout);
  }

  @Override
  public Principal attest(String agentId) throws IdentityException {
    VerifiedJwt jwt = verifier.verify(tokens.token(agentId));
    if (claimAgentId != null) {
      Object claimed = jwt.claims().get(claimAgentId);
      if (!(claimed instanceof String)) {
        throw IdentityException.of(ReasonCodes.IDENTITY_INVALID, "the token has no " + claimAgentId
            + " claim naming the agent");
      }
      if (!claimed.equals(agentId)) {
        throw IdentityException.of(ReasonCodes.IDENTITY_AGENT_MISMATCH, "the token from " + tokens.describe()
            + " attests agent \"" + claimed + "\" (claim " + claimAgentId + "), not \"" + agentId + "\"");
      }
    }
    Map<String, Object> claims = new LinkedHashMap<>(jwt.claims());
    if (claimGroups != null && !claimGroups.equals("groups")) {
      Object groups = jwt.claims().get(claimGroups);
      if (groups != null) {
        claims.put("groups", groups);
      } else {
        claims.remove("groups");
      }
    }
    return Principal.builder(agentId, SpiffeUri.of(trustDomain, jwt.subject())).svid(jwt.subject())
        .expiry(jwt.expiry()).claims(claims).verified(true).method("oidc").build();
  }

  @Override
  public long revision() {
    return tokens == null ? 0 : tokens.revision();
  }

  @Override
  public String explain() {
    return "a JWT from " + tokens.describe() + ", signature verified against the keys at " + keysFrom
        + ", issuer " + issuer + ", audience " + audience + (claimAgentId == null ? ""
        : ", claim " + claimAgentId + " must equal the agent label") + "; identity spiffe://" + trustDomain
        + "/<sub>";
  }
}
