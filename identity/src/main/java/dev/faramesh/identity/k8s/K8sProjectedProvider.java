package dev.faramesh.identity.k8s;

import dev.faramesh.identity.IdentityContext;
import dev.faramesh.identity.IdentityException;
import dev.faramesh.identity.IdentityProvider;
import dev.faramesh.identity.IdentitySettings;
import dev.faramesh.identity.SpiffeUri;
import dev.faramesh.identity.jwt.JwksSource;
import dev.faramesh.identity.jwt.JwtVerifier;
import dev.faramesh.identity.jwt.TokenSupplier;
import dev.faramesh.identity.jwt.VerifiedJwt;
import dev.faramesh.policy.Glob;
import dev.faramesh.policy.Principal;
import dev.faramesh.policy.ReasonCodes;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code type = "k8s-projected"}: the pod's projected service-account token ({@code token_file},
 * by default the kubelet's {@code /var/run/secrets/kubernetes.io/serviceaccount/token}, re-read
 * when the kubelet rotates it) verified as the API server's OIDC issuer publishes it: against the
 * keys at {@code jwks_url} (else the issuer's discovery document, {@code /openid/v1/jwks}) for
 * {@code issuer} and {@code audience}. The subject must be {@code system:serviceaccount:NS:SA} and
 * agree with the {@code kubernetes.io} claim; {@code allowed_namespaces} (globs) restricts NS. The
 * identity is {@code spiffe://<trust_domain>/ns/NS/sa/SA}, as SPIRE's Kubernetes attestor names it.
 */
public final class K8sProjectedProvider implements IdentityProvider {

  static final String DEFAULT_TOKEN = "/var/run/secrets/kubernetes.io/serviceaccount/token";
  private static final String SUBJECT_PREFIX = "system:serviceaccount:";

  private TokenSupplier tokens;
  private JwtVerifier verifier;
  private String issuer;
  private String trustDomain;
  private List<String> allowedNamespaces;

  @Override
  public String type() {
    return "k8s-projected";
  }

  @Override
  public boolean attests() {
    return true;
  }

  @Override
  public void configure(IdentityContext context) throws IdentityException {
    IdentitySettings s = new IdentitySettings(context);
    issuer = s.required("issuer", "the cluster's service-account issuer, e.g. https://kubernetes.default.svc");
    String audience = s.required("audience", "the audience the projected token is requested for");
    Duration timeout = s.duration("timeout", Duration.ofSeconds(5));
    URI jwks = s.url("jwks_url", null);
    verifier = new JwtVerifier(Set.of(issuer), audience, JwtVerifier.algorithms(s),
        s.duration("clock_skew", Duration.ofSeconds(60)), List.of(),
        jwks != null ? JwksSource.remote(jwks, timeout) : JwksSource.discovered(issuer, timeout), context.clock());
    tokens = TokenSupplier.file(s.path(s.string("token_file") == null ? DEFAULT_TOKEN : s.string("token_file")));
    String td = s.string("trust_domain");
    trustDomain = SpiffeUri.trustDomain(td != null ? td : URI.create(issuer).getHost());
    if (trustDomain == null) {
      throw s.misconfigured("needs trust_domain = \"...\"");
    }
    allowedNamespaces = s.list("allowed_namespaces");
  }

  @Override
  public Principal attest(String agentId) throws IdentityException {
    VerifiedJwt jwt = verifier.verify(tokens.token(agentId));
    String sub = jwt.subject();
    String[] parts = sub.startsWith(SUBJECT_PREFIX) ? sub.substring(SUBJECT_PREFIX.length()).split(":", -1)
        : new String[0];
    if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
      throw IdentityException.of(ReasonCodes.IDENTITY_INVALID, "the token's subject \"" + sub + "\" is not a "
          + "service account (system:serviceaccount:NAMESPACE:NAME)");
    }
    String namespace = parts[0];
    String account = parts[1];
    if (!namespace.equals(jwt.nested("kubernetes.io", "namespace"))
        || !account.equals(jwt.nested("kubernetes.io", "serviceaccount", "name"))) {
      throw IdentityException.of(ReasonCodes.IDENTITY_INVALID, "the token's kubernetes.io claim does not agree with "
          + "its subject " + sub);
    }
    if (!allowedNamespaces.isEmpty() && allowedNamespaces.stream().noneMatch(p -> Glob.path(p).matches(namespace))) {
      throw IdentityException.of(ReasonCodes.IDENTITY_NOT_ALLOWED, "namespace " + namespace + " is not in "
          + "allowed_namespaces " + allowedNamespaces);
    }
    Map<String, Object> claims = new LinkedHashMap<>(jwt.claims());
    claims.put("namespace", namespace);
    claims.put("service_account", account);
    Object pod = jwt.nested("kubernetes.io", "pod", "name");
    if (pod != null) {
      claims.put("pod", pod);
    }
    String id = SpiffeUri.of(trustDomain, "ns", namespace, "sa", account);
    return Principal.builder(agentId, id).svid(id).expiry(jwt.expiry()).claims(claims).verified(true)
        .method("k8s-projected").build();
  }

  @Override
  public long revision() {
    return tokens == null ? 0 : tokens.revision();
  }

  @Override
  public String explain() {
    return "the projected service-account token in " + tokens.describe() + ", verified against the keys of issuer "
        + issuer + (allowedNamespaces.isEmpty() ? "" : ", namespaces " + allowedNamespaces)
        + "; identity spiffe://" + trustDomain + "/ns/<namespace>/sa/<service account>";
  }
}
