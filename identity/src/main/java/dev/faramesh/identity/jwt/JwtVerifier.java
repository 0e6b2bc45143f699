package dev.faramesh.identity.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.KeyConverter;
import com.nimbusds.jose.jwk.source.JWKSetUnavailableException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.faramesh.identity.IdentityException;
import dev.faramesh.identity.IdentitySettings;
import dev.faramesh.policy.ReasonCodes;
import java.security.Key;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Verifies a JWT the way every JWT-based provider needs it, one check at a time so a failure names
 * the check: it must be signed (never {@code alg=none}) with an allowed asymmetric algorithm, by a
 * key the issuer publishes under the token's kid, with a signature that verifies; then issuer,
 * audience, expiry, not-before (with clock skew for an issuer whose clock runs ahead; expiry is
 * strict, as the decision engine judges it) and the required claims. Keys come from a
 * nimbus {@link JWKSource} ({@link JwksSource}), which refreshes on an unknown kid and rides out
 * short issuer outages on its cache.
 */
public final class JwtVerifier {

  /** Asymmetric JWS algorithms accepted when the identity block names none. */
  public static final Set<JWSAlgorithm> DEFAULT_ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
      JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256,
      JWSAlgorithm.ES384, JWSAlgorithm.ES512);

  private final Set<String> issuers;
  private final String audience;
  private final Set<JWSAlgorithm> algorithms;
  private final Duration skew;
  private final List<String> requiredClaims;
  private final JWKSource<SecurityContext> keys;
  private final Clock clock;
  /** Whether a key lookup ever reached a key set; until then a rate-limited lookup is an outage. */
  private volatile boolean keysSeen;
  private final DefaultJWSVerifierFactory verifiers = new DefaultJWSVerifierFactory();

  /**
   * @param issuers accepted {@code iss} values; empty accepts any (JWT-SVIDs carry none)
   * @param audience the audience the token must name
   */
  public JwtVerifier(Set<String> issuers, String audience, Set<JWSAlgorithm> algorithms, Duration skew,
      List<String> requiredClaims, JWKSource<SecurityContext> keys, Clock clock) {
    this.issuers = Set.copyOf(issuers);
    this.audience = audience;
    this.algorithms = Set.copyOf(algorithms);
    this.skew = skew;
    this.requiredClaims = List.copyOf(requiredClaims);
    this.keys = keys;
    this.clock = clock;
  }

  /** The {@code algorithms} setting: asymmetric JWS names only; the defaults when unset. */
  public static Set<JWSAlgorithm> algorithms(IdentitySettings settings) throws IdentityException {
    List<String> names = settings.list("algorithms");
    if (names.isEmpty()) {
      return DEFAULT_ALGORITHMS;
    }
    Set<JWSAlgorithm> out = new LinkedHashSet<>();
    for (String n : names) {
      JWSAlgorithm a = JWSAlgorithm.parse(n.toUpperCase(Locale.ROOT));
      if (!DEFAULT_ALGORITHMS.contains(a)) {
        throw settings.misconfigured("algorithms lists \"" + n + "\"; only asymmetric signatures can be "
            + "verified against an issuer's published keys: " + names(DEFAULT_ALGORITHMS));
      }
      out.add(a);
    }
    return out;
  }

  private static List<String> names(Set<JWSAlgorithm> algorithms) {
    List<String> out = new ArrayList<>();
    for (JWSAlgorithm a : algorithms) {
      out.add(a.getName());
    }
    out.sort(null);
    return out;
  }

  /** Verifies {@code token}; the exception's reason code names the first check that failed. */
  public VerifiedJwt verify(String token) throws IdentityException {
    SignedJWT jwt = signed(token);
    JWSHeader header = jwt.getHeader();
    verifySignature(jwt, header);
    JWTClaimsSet claims;
    try {
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw IdentityException.of(ReasonCodes.IDENTITY_INVALID, "the token's claims are not a JSON object");
    }
    checkClaims(claims);
    return new VerifiedJwt(claims.getSubject(), claims.getIssuer(), claims.getAudience(),
        claims.getExpirationTime().toInstant(), header.getKeyID(), claims.toJSONObject());
  }

  private SignedJWT signed(String token) throws IdentityException {
    JWT jwt;
    try {
      jwt = JWTParser.parse(token.trim());
    } catch (ParseException e) {
      throw IdentityException.of(ReasonCodes.IDENTITY_INVALID, "the token is not a JWT");
    }
    if (jwt instanceof PlainJWT) {
      throw IdentityException.of(ReasonCodes.IDENTITY_ALG_NOT_ALLOWED, "the token is unsigned (alg=none)");
    }
    if (jwt instanceof EncryptedJWT || !(jwt instanceof SignedJWT)) {
      throw IdentityException.of(ReasonCodes.IDENTITY_INVALID, "the token is encrypted, not signed");
    }
    SignedJWT signed = (SignedJWT) jwt;
    JWSAlgorithm alg = signed.getHeader().getAlgorithm();
    if (!algorithms.contains(alg)) {
      throw IdentityException.of(ReasonCodes.IDENTITY_ALG_NOT_ALLOWED, "the token is signed with " + alg
          + ", which is not in the allowed algorithms " + names(algorithms));
    }
    return signed;
  }

  private void verifySignature(SignedJWT jwt, JWSHeader header) throws IdentityException {
    String kid = header.getKeyID() == null ? "(none)" : header.getKeyID();
    List<JWK> candidates;
    try {
      candidates = keys.get(new JWKSelector(JWKMatcher.forJWSHeader(header)), null);
    } catch (RateLimitReachedException e) {
      if (!keysSeen) {
        throw IdentityException.of(ReasonCodes.IDENTITY_PROVIDER_UNAVAILABLE, "the issuer's keys have not been "
            + "fetched yet and are fetched at most twice per 10 s; the next attempt follows shortly");
      }
      throw IdentityException.of(ReasonCodes.IDENTITY_UNKNOWN_KEY, "the issuer publishes no key with kid " + kid
          + " (its key set was refreshed moments ago)");
    } catch (JWKSetUnavailableException e) {
      throw new IdentityException(ReasonCodes.IDENTITY_PROVIDER_UNAVAILABLE,
          "the issuer's keys could not be fetched: " + e.getMessage(), e);
    } catch (KeySourceException e) {
      throw new IdentityException(ReasonCodes.IDENTITY_PROVIDER_UNAVAILABLE,
          "the issuer's keys are not available: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new IdentityException(ReasonCodes.IDENTITY_PROVIDER_UNAVAILABLE,
          "the issuer's keys could not be read: " + e.getClass().getSimpleName(), e);
    }
    keysSeen = true;
    if (candidates == null || candidates.isEmpty()) {
      throw IdentityException.of(ReasonCodes.IDENTITY_UNKNOWN_KEY, "the issuer publishes no " + header.getAlgorithm()
          + " key with kid " + kid);
    }
    for (JWK candidate : candidates) {
      for (Key key : KeyConverter.toJavaKeys(List.of(candidate))) {
        try {
          if (jwt.verify(verifiers.createJWSVerifier(header, key))) {
            return;
          }
        } catch (JOSEException | RuntimeException e) {
          // this key cannot check this signature: try the next one
        }
      }
    }
    throw IdentityException.of(ReasonCodes.IDENTITY_BAD_SIGNATURE, "the token's signature does not verify with the "
        + "issuer's key " + kid);
  }

  private void checkClaims(JWTClaimsSet claims) throws IdentityException {
    if (!issuers.isEmpty() && !issuers.contains(claims.getIssuer())) {
      throw IdentityException.of(ReasonCodes.IDENTITY_WRONG_ISSUER, "the token was issued by "
          + (claims.getIssuer() == null ? "no issuer" : "\"" + claims.getIssuer() + "\"") + ", not " + issuers);
    }
    List<String> aud = claims.getAudience();
    if (audience != null && (aud == null || !aud.contains(audience))) {
      throw IdentityException.of(ReasonCodes.IDENTITY_WRONG_AUDIENCE, "the token is for audience " + aud + ", not \""
          + audience + "\"");
    }
    Instant now = clock.instant();
    Date exp = claims.getExpirationTime();
    if (exp == null) {
      throw IdentityException.of(ReasonCodes.IDENTITY_INVALID, "the token has no expiry (exp)");
    }
    if (!now.isBefore(exp.toInstant())) {
      throw IdentityException.of(ReasonCodes.IDENTITY_EXPIRED, "the token expired at " + exp.toInstant());
    }
    Date nbf = claims.getNotBeforeTime();
    if (nbf != null && now.plus(skew).isBefore(nbf.toInstant())) {
      throw IdentityException.of(ReasonCodes.IDENTITY_NOT_YET_VALID, "the token is not valid before "
          + nbf.toInstant());
    }
    if (claims.getSubject() == null || claims.getSubject().isBlank()) {
      throw IdentityException.of(ReasonCodes.IDENTITY_INVALID, "the token has no subject (sub)");
    }
    Map<String, Object> all = claims.getClaims();
    for (String required : requiredClaims) {
      if (all.get(required) == null) {
        throw IdentityException.of(ReasonCodes.IDENTITY_INVALID, "the token lacks the required claim " + required);
      }
    }
  }
}
