package dev.faramesh.testkit.support;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import java.net.URI;
import java.net.URL;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A nimbus-jose-jwt 10.10 verifier built the way an identity provider would build one: a remote JWKS
 * through {@link JWKSourceBuilder}, RS256/ES256 only, an exact issuer, one audience, and sub/iat/exp
 * required. Tests hand it tokens from the testkit servers and assert on what it accepts.
 */
public final class NimbusVerifier {

    private NimbusVerifier() {
    }

    public static DefaultJWTProcessor<SecurityContext> forIssuer(String jwksUrl, String issuer, String audience) {
        return forIssuer(jwksUrl, issuer, audience, UnaryOperator.identity());
    }

    /** As above, fetching the JWKS over HTTPS trusting only {@code trust} (e.g. a testkit LocalTls CA). */
    public static DefaultJWTProcessor<SecurityContext> forIssuer(String jwksUrl, String issuer, String audience,
                                                                 javax.net.ssl.SSLContext trust) {
        return forIssuer(jwksUrl, issuer, audience, builder -> JWKSourceBuilder.<SecurityContext>create(url(jwksUrl),
                new com.nimbusds.jose.util.DefaultResourceRetriever(JWKSourceBuilder.DEFAULT_HTTP_CONNECT_TIMEOUT,
                        JWKSourceBuilder.DEFAULT_HTTP_READ_TIMEOUT, JWKSourceBuilder.DEFAULT_HTTP_SIZE_LIMIT, true,
                        trust.getSocketFactory())).retrying(false));
    }

    /** As above, with a hook to tune the JWKS source (cache, rate limit, retries). */
    public static DefaultJWTProcessor<SecurityContext> forIssuer(String jwksUrl, String issuer, String audience,
            UnaryOperator<JWKSourceBuilder<SecurityContext>> tuning) {
        JWKSource<SecurityContext> keys = tuning.apply(JWKSourceBuilder.<SecurityContext>create(url(jwksUrl)).retrying(false)).build();
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256), keys));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(Set.of(audience),
                new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("sub", "iat", "exp"), null));
        return processor;
    }

    private static URL url(String value) {
        try {
            return URI.create(value).toURL();
        } catch (java.net.MalformedURLException e) {
            throw new IllegalArgumentException(value, e);
        }
    }
}
