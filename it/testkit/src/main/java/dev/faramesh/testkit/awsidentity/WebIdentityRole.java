package dev.faramesh.testkit.awsidentity;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * An IAM role that trusts one OIDC provider, as AssumeRoleWithWebIdentity evaluates it: the token's
 * {@code iss} must be the provider, its signature must verify against the provider's JWKS (fetched
 * over HTTP with nimbus), it must be unexpired, its {@code aud} must contain the expected audience
 * ({@code sts.amazonaws.com} for IRSA) and, when set, its {@code sub} must equal the allowed subject.
 */
public final class WebIdentityRole {

    private final String roleArn;
    private final String issuer;
    private final String audience;
    private final String allowedSubject;
    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    /**
     * @param roleArn        e.g. {@code arn:aws:iam::123456789012:role/agent-planner}
     * @param issuer         the provider URL the token's {@code iss} must equal
     * @param jwksUrl        where the provider's keys are served
     * @param audience       required audience
     * @param allowedSubject required {@code sub}, or null for any subject
     */
    public WebIdentityRole(String roleArn, String issuer, String jwksUrl, String audience, String allowedSubject) {
        this.roleArn = roleArn;
        this.issuer = issuer;
        this.audience = audience;
        this.allowedSubject = allowedSubject;
        try {
            var keys = JWKSourceBuilder.<SecurityContext>create(URI.create(jwksUrl).toURL()).retrying(false).build();
            processor.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256), keys));
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("bad JWKS URL " + jwksUrl, e);
        }
        // exp and nbf only; issuer and audience are checked below to answer with STS's messages
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(null, null, Set.of("exp", "sub"), null));
    }

    public String roleArn() {
        return roleArn;
    }

    public String issuer() {
        return issuer;
    }

    String account() {
        return roleArn.split(":")[4];
    }

    String roleName() {
        return roleArn.substring(roleArn.lastIndexOf('/') + 1);
    }

    /** The provider as STS reports it: the issuer without its scheme. */
    String provider() {
        return issuer.replaceFirst("^https?://", "");
    }

    /** Verifies {@code token}; returns its claims or throws the fault STS would answer with. */
    JWTClaimsSet verify(String token) {
        String claimedIssuer = unverifiedIssuer(token);
        if (!issuer.equals(claimedIssuer)) {
            throw StsFault.invalidIdentityToken("No OpenIDConnect provider found in your account for " + claimedIssuer);
        }
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (KeySourceException e) {
            throw new StsFault(400, "IDPCommunicationError", "Couldn't retrieve verification key from your identity "
                    + "provider,  please reference AssumeRoleWithWebIdentity documentation for requirements");
        } catch (BadJOSEException e) {
            if ("Expired JWT".equals(e.getMessage())) {
                throw new StsFault(400, "ExpiredTokenException", "Token expired: current date/time " + Instant.now()
                        + " must be before the expiration date/time " + expiryOf(token));
            }
            throw StsFault.invalidIdentityToken("The web identity token could not be validated: " + e.getMessage());
        } catch (Exception e) {
            throw StsFault.invalidIdentityToken("The web identity token could not be validated");
        }
        List<String> aud = claims.getAudience();
        if (aud == null || !aud.contains(audience)) {
            throw StsFault.invalidIdentityToken("Incorrect token audience");
        }
        if (allowedSubject != null && !allowedSubject.equals(claims.getSubject())) {
            throw StsFault.accessDenied("sts:AssumeRoleWithWebIdentity");
        }
        return claims;
    }

    private static String unverifiedIssuer(String token) {
        try {
            return JWTParser.parse(token).getJWTClaimsSet().getIssuer();
        } catch (ParseException e) {
            throw StsFault.invalidIdentityToken("The ID Token provided is not a valid JWT. "
                    + "(You may see this error if you sent an Access Token)");
        }
    }

    private static Instant expiryOf(String token) {
        try {
            Date exp = JWTParser.parse(token).getJWTClaimsSet().getExpirationTime();
            return exp == null ? null : exp.toInstant();
        } catch (ParseException e) {
            return null;
        }
    }
}
