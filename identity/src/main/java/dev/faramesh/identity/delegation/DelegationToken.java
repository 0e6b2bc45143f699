package dev.faramesh.identity.delegation;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jose.util.X509CertUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.faramesh.identity.IdentityException;
import dev.faramesh.policy.ReasonCodes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * The delegation token a supervisor passes to a worker process it launches, in the child's
 * {@code FARAMESH_DELEGATION} environment variable: a compact JWS of type
 * {@code faramesh-delegation+jwt}, signed with the supervisor's X.509-SVID key and carrying that
 * SVID's chain as {@code x5c}. Claims: {@code iss} (the supervisor's SPIFFE id), {@code sub} and
 * {@code aud} (the worker's agent id), {@code delegated_from} (the supervisor's own chain),
 * {@code trust_domain}, {@code iat}, {@code exp} (at most 60 s later), {@code jti} and {@code cmd}
 * (the hash of the child's command line, {@link #commandHash}). The worker verifies the chain
 * against its own trust bundle, the signature with the chain's leaf, that the leaf is the issuer,
 * that it is the audience, the expiry and the command line; only asymmetric algorithms are
 * accepted. Error messages never contain the token or any part of it.
 */
public final class DelegationToken {

  /** The environment variable the token travels in. */
  public static final String VARIABLE = "FARAMESH_DELEGATION";
  /** The longest a token lives: long enough for a JVM to start, short enough to be useless later. */
  public static final Duration MAX_LIFETIME = Duration.ofSeconds(60);
  static final JOSEObjectType TYPE = new JOSEObjectType("faramesh-delegation+jwt");
  /** Asymmetric only: no {@code none}, no HMAC (a shared secret would let the worker sign for its supervisor). */
  static final Set<JWSAlgorithm> ALLOWED = Set.of(JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512,
      JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384,
      JWSAlgorithm.PS512, JWSAlgorithm.EdDSA);
  private static final Duration SKEW = Duration.ofSeconds(5);

  private DelegationToken() {}

  /** Signs {@code delegation} with {@code key}; the token's lifetime must not exceed {@link #MAX_LIFETIME}. */
  public static String sign(DelegationKey key, Delegation delegation) throws IdentityException {
    if (Duration.between(delegation.issuedAt(), delegation.expiry()).compareTo(MAX_LIFETIME) > 0) {
      throw new IllegalArgumentException("a delegation token lives at most " + MAX_LIFETIME.toSeconds() + " s");
    }
    try {
      PrivateKey k = key.privateKey();
      JWSAlgorithm alg;
      JWSSigner signer;
      if (k instanceof ECPrivateKey ec) {
        Curve curve = Curve.forECParameterSpec(ec.getParams());
        alg = Curve.P_384.equals(curve) ? JWSAlgorithm.ES384 : Curve.P_521.equals(curve) ? JWSAlgorithm.ES512
            : JWSAlgorithm.ES256;
        signer = new ECDSASigner(ec);
      } else if (k instanceof RSAPrivateKey || "RSA".equals(k.getAlgorithm())) {
        alg = JWSAlgorithm.RS256;
        signer = new RSASSASigner(k);
      } else {
        throw IdentityException.of(ReasonCodes.DELEGATION_TOKEN_INVALID, "cannot sign a delegation token with a "
            + k.getAlgorithm() + " key");
      }
      JWSHeader.Builder header = new JWSHeader.Builder(alg).type(TYPE);
      if (key.dev()) {
        if (!(key.publicKey() instanceof ECPublicKey pub)) {
          throw new IllegalArgumentException("the dev delegation key must be an EC key");
        }
        header.jwk(new ECKey.Builder(Curve.forECParameterSpec(pub.getParams()), pub).build());
      } else {
        List<Base64> x5c = new ArrayList<>();
        for (X509Certificate c : key.chain()) {
          x5c.add(Base64.encode(c.getEncoded()));
        }
        header.x509CertChain(x5c);
      }
      JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(delegation.issuer())
          .subject(delegation.audience()).audience(delegation.audience())
          .issueTime(Date.from(delegation.issuedAt())).expirationTime(Date.from(delegation.expiry()))
          .jwtID(delegation.id()).claim("delegated_from", delegation.delegatedFrom())
          .claim("cmd", delegation.commandHash());
      if (delegation.trustDomain() != null) {
        claims.claim("trust_domain", delegation.trustDomain());
      }
      if (key.dev()) {
        claims.claim("dev", true);
      }
      SignedJWT jwt = new SignedJWT(header.build(), claims.build());
      jwt.sign(signer);
      return jwt.serialize();
    } catch (JOSEException | CertificateEncodingException e) {
      throw new IdentityException(ReasonCodes.DELEGATION_TOKEN_INVALID, "the delegation token could not be signed: "
          + e.getClass().getSimpleName(), e);
    }
  }

  /**
   * Verifies {@code token} for the worker described by {@code check} and returns its claims; the
   * exception's reason code says which check failed ({@code DELEGATION_TOKEN_INVALID},
   * {@code DELEGATION_TOKEN_EXPIRED}, {@code DELEGATION_TOKEN_WRONG_AUDIENCE}), or is
   * {@code IDENTITY_PROVIDER_UNAVAILABLE} when the trust has no bundle yet (worth another try).
   */
  public static Delegation verify(String token, DelegationCheck check) throws IdentityException {
    SignedJWT jwt;
    JWTClaimsSet claims;
    try {
      jwt = SignedJWT.parse(token.trim());
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException | RuntimeException e) {
      throw invalid("it is not a signed JWT");
    }
    JWSHeader header = jwt.getHeader();
    if (!ALLOWED.contains(header.getAlgorithm())) {
      throw invalid("algorithm " + header.getAlgorithm() + " is not allowed (asymmetric signatures only)");
    }
    if (!TYPE.equals(header.getType())) {
      throw invalid("it is not of type " + TYPE);
    }
    boolean dev = Boolean.TRUE.equals(claims.getClaim("dev"));
    PublicKey signerKey;
    String signer;
    if (dev) {
      if (!check.devAccepted()) {
        throw invalid("it was signed by a dev identity, which a process with a real identity does not accept");
      }
      JWK jwk = header.getJWK();
      if (!(jwk instanceof ECKey ec) || ec.isPrivate() || header.getX509CertChain() != null) {
        throw invalid("a dev token must carry exactly one public EC key");
      }
      try {
        signerKey = ec.toECPublicKey();
      } catch (JOSEException e) {
        throw invalid("its dev key is unusable");
      }
      signer = null;
    } else {
      List<Base64> x5c = header.getX509CertChain();
      if (x5c == null || x5c.isEmpty()) {
        throw invalid("it carries no x5c certificate chain");
      }
      if (check.trust() == null) {
        throw invalid("this process's identity provider has no trust bundle to verify the signer's SVID with");
      }
      List<X509Certificate> chain = new ArrayList<>(x5c.size());
      for (Base64 der : x5c) {
        X509Certificate c = X509CertUtils.parse(der.decode());
        if (c == null) {
          throw invalid("its x5c chain does not parse");
        }
        chain.add(c);
      }
      try {
        signer = check.trust().verify(chain);
      } catch (IdentityException e) {
        if (ReasonCodes.IDENTITY_PROVIDER_UNAVAILABLE.equals(e.reasonCode())) {
          // no bundle to check against yet: not a verdict on the token, the caller may try again
          throw e;
        }
        throw new IdentityException(ReasonCodes.DELEGATION_TOKEN_INVALID, "the delegation token's signer is not "
            + "trusted (" + e.reasonCode() + "): " + e.getMessage(), null);
      }
      signerKey = chain.get(0).getPublicKey();
    }
    try {
      JWSVerifier verifier = new DefaultJWSVerifierFactory().createJWSVerifier(header, signerKey);
      if (!jwt.verify(verifier)) {
        throw invalid("its signature does not verify");
      }
    } catch (JOSEException | RuntimeException e) {
      throw invalid("its signature does not verify (" + e.getClass().getSimpleName() + ")");
    }
    String issuer = claims.getIssuer();
    if (issuer == null || (signer != null && !signer.equals(issuer))) {
      throw invalid("its issuer is not the SVID that signed it (" + signer + ")");
    }
    if (claims.getAudience() == null || !claims.getAudience().contains(check.agentId())
        || !check.agentId().equals(claims.getSubject())) {
      throw IdentityException.of(ReasonCodes.DELEGATION_TOKEN_WRONG_AUDIENCE, "the delegation token from " + issuer
          + " is for agent " + claims.getAudience() + ", not " + check.agentId());
    }
    Date exp = claims.getExpirationTime();
    Date iat = claims.getIssueTime();
    if (exp == null || iat == null || iat.after(exp)
        || Duration.between(iat.toInstant(), exp.toInstant()).compareTo(MAX_LIFETIME) > 0) {
      throw invalid("it has no valid iat/exp of at most " + MAX_LIFETIME.toSeconds() + " s");
    }
    if (!check.now().isBefore(exp.toInstant())) {
      throw IdentityException.of(ReasonCodes.DELEGATION_TOKEN_EXPIRED, "the delegation token from " + issuer
          + " expired at " + exp.toInstant());
    }
    if (check.now().plus(SKEW).isBefore(iat.toInstant())) {
      throw invalid("it is issued in the future (" + iat.toInstant() + ")");
    }
    Object cmd = claims.getClaim("cmd");
    if (!(cmd instanceof String c) || !MessageDigest.isEqual(c.getBytes(StandardCharsets.US_ASCII),
        check.commandHash().getBytes(StandardCharsets.US_ASCII))) {
      throw invalid("it is bound to another command line than this process's");
    }
    List<String> chain;
    try {
      chain = claims.getStringListClaim("delegated_from");
      Object td = claims.getClaim("trust_domain");
      if (td != null && !(td instanceof String)) {
        throw new ParseException("trust_domain", 0);
      }
      return new Delegation(issuer, check.agentId(), chain == null ? List.of() : chain, (String) td,
          iat.toInstant(), exp.toInstant(), claims.getJWTID(), (String) cmd, dev);
    } catch (ParseException | RuntimeException e) {
      throw invalid("its delegated_from or trust_domain claim is malformed");
    }
  }

  /**
   * The hash a token binds a command line to: SHA-256 (base64url) of the arguments after the
   * program, NUL-separated, with empty arguments left out. The program itself is left out because
   * the child sees it resolved ({@code /proc/self/exe}), the parent as given ({@code java}); empty
   * arguments because {@code ProcessHandle.Info.arguments()} drops them on Linux.
   */
  public static String commandHash(List<String> arguments) {
    StringBuilder sb = new StringBuilder();
    for (String a : arguments) {
      if (a != null && !a.isEmpty()) {
        sb.append(a).append('\0');
      }
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
      return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static IdentityException invalid(String why) {
    return IdentityException.of(ReasonCodes.DELEGATION_TOKEN_INVALID, "the delegation token is refused: " + why);
  }
}
