package dev.faramesh.identity.gcp;

import dev.faramesh.identity.IdentityContext;
import dev.faramesh.identity.IdentityException;
import dev.faramesh.identity.IdentityProvider;
import dev.faramesh.identity.IdentitySettings;
import dev.faramesh.identity.SpiffeUri;
import dev.faramesh.identity.http.PlatformHttp;
import dev.faramesh.identity.jwt.JwksSource;
import dev.faramesh.identity.jwt.JwtVerifier;
import dev.faramesh.identity.jwt.TokenSupplier;
import dev.faramesh.identity.jwt.VerifiedJwt;
import dev.faramesh.policy.Glob;
import dev.faramesh.policy.Principal;
import dev.faramesh.policy.ReasonCodes;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code type = "gcp-workload"}: a Google-signed identity token for {@code audience}, from the GCE
 * metadata server ({@code metadata_url}, else {@code GCE_METADATA_HOST}, else
 * {@code http://metadata.google.internal}; {@code format=full} so the project is attested too) or
 * from {@code token_file}, verified against Google's keys ({@code jwks_url}, by default
 * {@code https://www.googleapis.com/oauth2/v3/certs}) for issuer {@code https://accounts.google.com}.
 * {@code allowed_projects} (globs) restricts the service account's project. The identity is
 * {@code spiffe://<trust_domain>/gcp/<project>/sa/<service account email>}.
 */
public final class GcpWorkloadProvider implements IdentityProvider {

  static final String GOOGLE_ISSUER = "https://accounts.google.com";
  private static final String GOOGLE_CERTS = "https://www.googleapis.com/oauth2/v3/certs";
  private static final String IDENTITY_PATH = "/computeMetadata/v1/instance/service-accounts/default/identity";

  private TokenSupplier tokens;
  private JwtVerifier verifier;
  private String trustDomain;
  private List<String> allowedProjects;

  @Override
  public String type() {
    return "gcp-workload";
  }

  @Override
  public boolean attests() {
    return true;
  }

  @Override
  public void configure(IdentityContext context) throws IdentityException {
    IdentitySettings s = new IdentitySettings(context);
    String audience = s.required("audience", "the audience identity tokens are requested for");
    Duration timeout = s.duration("timeout", Duration.ofSeconds(5));
    String issuer = s.string("issuer") == null ? GOOGLE_ISSUER : s.string("issuer");
    // Google writes iss with and without the scheme
    Set<String> issuers = issuer.equals(GOOGLE_ISSUER) ? Set.of(GOOGLE_ISSUER, "accounts.google.com") : Set.of(issuer);
    verifier = new JwtVerifier(issuers, audience, JwtVerifier.algorithms(s), Duration.ofSeconds(60), List.of(),
        JwksSource.remote(s.url("jwks_url", GOOGLE_CERTS), timeout), context.clock());
    if (s.string("token_file") != null) {
      tokens = TokenSupplier.file(s.path(s.string("token_file")));
    } else {
      String host = context.environment().get("GCE_METADATA_HOST");
      URI base = s.url("metadata_url", host != null && !host.isBlank() ? "http://" + host.trim()
          : "http://metadata.google.internal");
      tokens = new MetadataTokens(base, audience, new PlatformHttp(timeout, true));
    }
    trustDomain = SpiffeUri.trustDomain(s.string("trust_domain") == null ? "accounts.google.com"
        : s.string("trust_domain"));
    allowedProjects = s.list("allowed_projects");
  }

  @Override
  public Principal attest(String agentId) throws IdentityException {
    VerifiedJwt jwt = verifier.verify(tokens.token(agentId));
    String email = jwt.string("email");
    if (email == null || !email.contains("@")) {
      throw IdentityException.of(ReasonCodes.IDENTITY_INVALID, "the identity token names no service account email");
    }
    Object p = jwt.nested("google", "compute_engine", "project_id");
    String project = p instanceof String ? (String) p : projectOf(email);
    if (project == null) {
      throw IdentityException.of(ReasonCodes.IDENTITY_INVALID, "the identity token does not say which project "
          + email + " belongs to");
    }
    if (!allowedProjects.isEmpty() && allowedProjects.stream().noneMatch(a -> Glob.path(a).matches(project))) {
      throw IdentityException.of(ReasonCodes.IDENTITY_NOT_ALLOWED, "project " + project + " is not in "
          + "allowed_projects " + allowedProjects);
    }
    Map<String, Object> claims = new LinkedHashMap<>(jwt.claims());
    claims.put("project", project);
    String id = SpiffeUri.of(trustDomain, "gcp", project, "sa", email);
    return Principal.builder(agentId, id).svid(id).expiry(jwt.expiry()).claims(claims).verified(true)
        .method("gcp-workload").build();
  }

  /** {@code name@PROJECT.iam.gserviceaccount.com}: the project of a user-managed service account. */
  private static String projectOf(String email) {
    String domain = email.substring(email.indexOf('@') + 1);
    String suffix = ".iam.gserviceaccount.com";
    return domain.endsWith(suffix) ? domain.substring(0, domain.length() - suffix.length()) : null;
  }

  @Override
  public long revision() {
    return tokens == null ? 0 : tokens.revision();
  }

  @Override
  public String explain() {
    return "a Google identity token from " + tokens.describe() + ", verified against Google's keys"
        + (allowedProjects.isEmpty() ? "" : ", projects " + allowedProjects) + "; identity spiffe://" + trustDomain
        + "/gcp/<project>/sa/<email>";
  }

  /** Identity tokens from the metadata server, one per attestation (each is freshly signed). */
  private static final class MetadataTokens implements TokenSupplier {
    private final URI url;
    private final PlatformHttp http;

    MetadataTokens(URI base, String audience, PlatformHttp http) {
      String b = base.toString().endsWith("/") ? base.toString().substring(0, base.toString().length() - 1)
          : base.toString();
      this.url = URI.create(b + IDENTITY_PATH + "?audience=" + URLEncoder.encode(audience, StandardCharsets.UTF_8)
          + "&format=full");
      this.http = http;
    }

    @Override
    public String token(String agentId) throws IdentityException {
      PlatformHttp.Reply r = http.get(url, Map.of("Metadata-Flavor", "Google"));
      if (!r.ok()) {
        throw IdentityException.of(ReasonCodes.IDENTITY_PROVIDER_UNAVAILABLE, "the metadata server answered "
            + r.status() + " for an identity token");
      }
      return r.body().trim();
    }

    @Override
    public long revision() {
      return 0;
    }

    @Override
    public String describe() {
      return "the metadata server at " + url.getScheme() + "://" + url.getAuthority();
    }
  }
}
