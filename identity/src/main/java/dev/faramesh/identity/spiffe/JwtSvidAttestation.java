package dev.faramesh.identity.spiffe;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTParser;
import dev.faramesh.identity.IdentityException;
import dev.faramesh.identity.SpiffeUri;
import dev.faramesh.identity.jwt.JwksSource;
import dev.faramesh.identity.jwt.JwtVerifier;
import dev.faramesh.identity.jwt.VerifiedJwt;
import dev.faramesh.policy.Principal;
import dev.faramesh.policy.ReasonCodes;
import io.spiffe.bundle.jwtbundle.JwtBundle;
import io.spiffe.bundle.jwtbundle.JwtBundleSet;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * JWT-SVIDs: a fresh JWT-SVID for {@code audience} fetched for the agent, verified against the JWT
 * authorities of the trust domain its subject names (so a peer's key can never vouch for a home
 * identity), with the algorithm, audience and expiry checks of {@link JwtVerifier}. The principal's
 * claims are the token's claims.
 */
final class JwtSvidAttestation implements SvidAttestation {

  private final WorkloadApiConnection connection;
  private final TrustDomains domains;
  private final AgentPath agentPath;
  private final String audience;
  private final Duration timeout;
  private final Clock clock;
  private final AtomicBoolean waited = new AtomicBoolean();

  JwtSvidAttestation(WorkloadApiConnection connection, TrustDomains domains, String agentPath, String audience,
      Duration timeout, Clock clock) {
    this.connection = connection;
    this.domains = domains;
    this.agentPath = new AgentPath(domains.home(), agentPath);
    this.audience = audience;
    this.timeout = timeout;
    this.clock = clock;
  }

  @Override
  public Principal attest(String agentId) throws IdentityException {
    JwtBundleSet bundles = connection.jwtBundles(waited.compareAndSet(false, true) ? timeout : Duration.ZERO);
    if (bundles == null) {
      throw connection.unavailable("JWT bundle");
    }
    String expected = agentPath.expected(agentId);
    String token = connection.fetchJwtSvid(expected, audience, timeout);
    String subject = unverifiedSubject(token);
    String trustDomain = SpiffeUri.trustDomain(subject);
    if (trustDomain == null) {
      throw IdentityException.of(ReasonCodes.IDENTITY_INVALID, "the JWT-SVID's subject is not a SPIFFE id");
    }
    domains.check(trustDomain, subject);
    JwtBundle bundle = domains.jwtBundle(bundles, trustDomain);
    VerifiedJwt jwt = new JwtVerifier(Set.of(), audience, JwtVerifier.DEFAULT_ALGORITHMS, Duration.ZERO, List.of(),
        JwksSource.of(keys(bundle)), clock).verify(token);
    if (expected != null && !expected.equals(jwt.subject())) {
      throw IdentityException.of(ReasonCodes.IDENTITY_AGENT_MISMATCH, "the Workload API issued a JWT-SVID for "
          + jwt.subject() + ", not " + expected + " (agent " + agentId + ")");
    }
    return Principal.builder(agentId, jwt.subject()).svid(jwt.subject()).expiry(jwt.expiry()).claims(jwt.claims())
        .verified(true).method("spiffe-jwt").build();
  }

  private static String unverifiedSubject(String token) throws IdentityException {
    try {
      return JWTParser.parse(token).getJWTClaimsSet().getSubject();
    } catch (ParseException | RuntimeException e) {
      throw IdentityException.of(ReasonCodes.IDENTITY_INVALID, "the Workload API served a JWT-SVID that is not a JWT");
    }
  }

  /** The bundle's JWT authorities as a JWK set, each under its kid. */
  private static JWKSet keys(JwtBundle bundle) {
    List<JWK> keys = new ArrayList<>();
    for (Map.Entry<String, PublicKey> a : bundle.getJwtAuthorities().entrySet()) {
      PublicKey k = a.getValue();
      if (k instanceof RSAPublicKey) {
        keys.add(new RSAKey.Builder((RSAPublicKey) k).keyID(a.getKey()).build());
      } else if (k instanceof ECPublicKey) {
        try {
          Curve curve = Curve.forECParameterSpec(((ECPublicKey) k).getParams());
          if (curve != null) {
            keys.add(new ECKey.Builder(curve, (ECPublicKey) k).keyID(a.getKey()).build());
          }
        } catch (RuntimeException e) {
          // a curve JOSE does not name: no token can be signed with it
        }
      }
    }
    return new JWKSet(keys);
  }

  @Override
  public long revision() {
    return connection.revision();
  }

  @Override
  public String explain() {
    return "JWT-SVID for audience " + audience + " from the SPIFFE Workload API at " + connection.address() + " ("
        + agentPath.describe() + "), verified against the trust domain's JWT authorities; accepts "
        + domains.describe();
  }

  @Override
  public void close() {
    connection.close();
  }
}
