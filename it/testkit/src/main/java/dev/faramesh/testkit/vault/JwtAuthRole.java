package dev.faramesh.testkit.vault;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A role of Vault's JWT auth method configured with static validation keys, checked the way the
 * method checks a login ({@code vault-plugin-auth-jwt}'s {@code pathLogin}): the signature must verify
 * with one of the mount's {@code jwt_validation_pubkeys} (any of them, whatever the token's
 * {@code kid}; RS/PS/ES algorithms only, {@code alg=none} refused), then {@code bound_issuer},
 * {@code exp}/{@code nbf} with Vault's default leeways (150 s, plus 60 s clock skew),
 * {@code bound_audiences} (a token with an audience is refused when the role binds none),
 * {@code bound_subject}, the {@code user_claim} (default {@code sub}) and {@code bound_claims}. A
 * refusal is a {@link LoginVerifier.Refused} carrying Vault's error text, which the server answers as
 * 400 {@code {"errors":["error validating token: …"]}}. Plug it in with
 * {@link VaultServer#addJwtRole(String, String, LoginVerifier, AccessRule, Duration)}.
 */
public final class JwtAuthRole implements LoginVerifier {

    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
            JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256,
            JWSAlgorithm.ES384, JWSAlgorithm.ES512);
    private static final Duration LEEWAY = Duration.ofSeconds(150);
    private static final Duration SKEW = Duration.ofSeconds(60);

    private final List<JWK> pubkeys;
    private String boundIssuer;
    private List<String> boundAudiences = List.of();
    private String boundSubject;
    private String userClaim = "sub";
    private Map<String, String> boundClaims = Map.of();
    private Map<String, String> claimMappings = Map.of();
    private Clock clock = Clock.systemUTC();

    private JwtAuthRole(List<JWK> pubkeys) {
        this.pubkeys = List.copyOf(pubkeys);
    }

    /** The mount's {@code jwt_validation_pubkeys}: the public keys of {@code keys} (private parts are dropped). */
    public static JwtAuthRole validationPubkeys(JWKSet keys) {
        List<JWK> pub = new ArrayList<>();
        for (JWK k : keys.getKeys()) {
            pub.add(k.toPublicJWK());
        }
        if (pub.isEmpty()) {
            throw new IllegalArgumentException("no validation keys");
        }
        return new JwtAuthRole(pub);
    }

    /** The mount's {@code bound_issuer}. */
    public JwtAuthRole boundIssuer(String issuer) {
        this.boundIssuer = issuer;
        return this;
    }

    /** The role's {@code bound_audiences}. */
    public JwtAuthRole boundAudiences(String... audiences) {
        this.boundAudiences = List.of(audiences);
        return this;
    }

    /** The role's {@code bound_subject}. */
    public JwtAuthRole boundSubject(String subject) {
        this.boundSubject = subject;
        return this;
    }

    /** The role's {@code user_claim} (default {@code sub}). */
    public JwtAuthRole userClaim(String claim) {
        this.userClaim = claim;
        return this;
    }

    /** The role's {@code bound_claims} (string claims that must equal these values). */
    public JwtAuthRole boundClaims(Map<String, String> claims) {
        this.boundClaims = Map.copyOf(claims);
        return this;
    }

    /** The role's {@code claim_mappings}: claim → token metadata key. */
    public JwtAuthRole claimMappings(Map<String, String> mappings) {
        this.claimMappings = Map.copyOf(mappings);
        return this;
    }

    /** The clock {@code exp} and {@code nbf} are checked against (default: the system clock). */
    public JwtAuthRole clock(Clock clock) {
        this.clock = clock;
        return this;
    }

    @Override
    public Optional<Map<String, String>> verify(String role, String jwt) {
        if (jwt == null || jwt.isEmpty()) {
            throw new Refused("missing token");
        }
        SignedJWT token;
        JWTClaimsSet claims;
        try {
            JWT parsed = JWTParser.parse(jwt);
            if (!(parsed instanceof SignedJWT signed)) {
                throw new Refused("error validating token: unsupported signing algorithm \""
                        + parsed.getHeader().getAlgorithm() + "\"");
            }
            token = signed;
            claims = token.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new Refused("error validating token: malformed token");
        }
        if (!ALGORITHMS.contains(token.getHeader().getAlgorithm())) {
            throw new Refused("error validating token: unsupported signing algorithm \""
                    + token.getHeader().getAlgorithm() + "\"");
        }
        if (!signedByAConfiguredKey(token)) {
            throw new Refused("error validating token: no known key successfully validated the token signature");
        }
        if (boundIssuer != null && !boundIssuer.equals(claims.getIssuer())) {
            throw new Refused("error validating token: invalid issuer (iss) claim");
        }
        Instant now = clock.instant();
        Date exp = claims.getExpirationTime();
        if (exp != null && now.isAfter(exp.toInstant().plus(LEEWAY).plus(SKEW))) {
            throw new Refused("error validating token: token is expired (exp)");
        }
        Date nbf = claims.getNotBeforeTime() != null ? claims.getNotBeforeTime() : claims.getIssueTime();
        if (nbf != null && now.isBefore(nbf.toInstant().minus(LEEWAY).minus(SKEW))) {
            throw new Refused("error validating token: token not valid yet (nbf)");
        }
        List<String> aud = claims.getAudience() == null ? List.of() : claims.getAudience();
        if (!boundAudiences.isEmpty() && aud.stream().noneMatch(boundAudiences::contains)) {
            throw new Refused("error validating token: invalid audience (aud) claim: audience claim does not match "
                    + "any expected audience");
        }
        if (boundSubject != null && !boundSubject.equals(claims.getSubject())) {
            throw new Refused("error validating token: invalid subject (sub) claim");
        }
        if (boundAudiences.isEmpty() && !aud.isEmpty()) {
            throw new Refused("audience claim found in JWT but no audiences bound to the role");
        }
        Object user = claims.getClaim(userClaim);
        if (user == null) {
            throw new Refused("claim \"" + userClaim + "\" not found in token");
        }
        if (!(user instanceof String)) {
            throw new Refused("claim \"" + userClaim + "\" could not be converted to string");
        }
        for (Map.Entry<String, String> bound : boundClaims.entrySet()) {
            if (!bound.getValue().equals(claims.getClaim(bound.getKey()))) {
                throw new Refused("error validating claims: claim \"" + bound.getKey()
                        + "\" does not match any associated bound claim values");
            }
        }
        Map<String, String> meta = new LinkedHashMap<>();
        claimMappings.forEach((claim, key) -> {
            Object v = claims.getClaim(claim);
            if (v != null) {
                meta.put(key, String.valueOf(v));
            }
        });
        return Optional.of(meta);
    }

    private boolean signedByAConfiguredKey(SignedJWT token) {
        for (JWK key : pubkeys) {
            try {
                JWSVerifier verifier = key instanceof RSAKey rsa ? new RSASSAVerifier(rsa)
                        : key instanceof ECKey ec ? new ECDSAVerifier(ec) : null;
                if (verifier != null && verifier.supportedJWSAlgorithms().contains(token.getHeader().getAlgorithm())
                        && token.verify(verifier)) {
                    return true;
                }
            } catch (JOSEException | IllegalStateException e) {
                // a key of another type or curve: try the next one
            }
        }
        return false;
    }
}
