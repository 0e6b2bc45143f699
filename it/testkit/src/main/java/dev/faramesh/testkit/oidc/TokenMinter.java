package dev.faramesh.testkit.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * Signs arbitrary JWT claims with an issuer's {@link SigningKeys}, and also makes the bad tokens a
 * verifier must refuse: {@code alg=none}, a signature from a key that is not published under the
 * kid it claims, and a kid the JWKS does not hold. Expired, not-yet-valid, wrong-audience and
 * wrong-issuer tokens are ordinary claims: start from {@link #claims} and change them.
 */
public final class TokenMinter {

    private static final Duration DEFAULT_LIFETIME = Duration.ofHours(1);

    private final SigningKeys keys;
    private final String issuer;
    private final Clock clock;

    public TokenMinter(SigningKeys keys, String issuer) {
        this(keys, issuer, Clock.systemUTC());
    }

    public TokenMinter(SigningKeys keys, String issuer, Clock clock) {
        this.keys = keys;
        this.issuer = issuer;
        this.clock = clock;
    }

    public String issuer() {
        return issuer;
    }

    public SigningKeys keys() {
        return keys;
    }

    public Instant now() {
        return clock.instant();
    }

    /**
     * Claims every issuer sets: {@code iss}, {@code sub}, {@code aud}, {@code iat} and {@code nbf}
     * now, {@code exp} in one hour and a random {@code jti}. Override any of them on the builder.
     */
    public JWTClaimsSet.Builder claims(String subject, String... audience) {
        Instant now = now();
        return new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(subject)
                .audience(List.of(audience))
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(DEFAULT_LIFETIME)))
                .jwtID(UUID.randomUUID().toString());
    }

    /** Signs with the current key; header {@code typ=JWT}, {@code kid} set. */
    public String sign(JWTClaimsSet claims) {
        return sign(claims, JOSEObjectType.JWT);
    }

    /** Signs with the current key and the given {@code typ} header (null leaves it out). */
    public String sign(JWTClaimsSet claims, JOSEObjectType type) {
        return signWith(keys.currentKey(), keys.currentKey().getKeyID(), claims, type);
    }

    /** Signs with a key the JWKS does not hold, under that key's own kid. */
    public String signWithUnpublishedKey(JWTClaimsSet claims) {
        JWK stranger = keys.unpublishedKey();
        return signWith(stranger, stranger.getKeyID(), claims, JOSEObjectType.JWT);
    }

    /** Signs with an unpublished key but claims the current published kid: the signature does not verify. */
    public String signWithForgedKey(JWTClaimsSet claims) {
        return signWith(keys.unpublishedKey(), keys.currentKeyId(), claims, JOSEObjectType.JWT);
    }

    /** An unsecured token, header {@code {"alg":"none"}}, no signature. */
    public String unsecured(JWTClaimsSet claims) {
        return new PlainJWT(claims).serialize();
    }

    private String signWith(JWK key, String kid, JWTClaimsSet claims, JOSEObjectType type) {
        JWSHeader header = new JWSHeader.Builder(keys.algorithm()).keyID(kid).type(type).build();
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(SigningKeys.signerFor(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token with kid " + kid, e);
        }
        return jwt.serialize();
    }
}
