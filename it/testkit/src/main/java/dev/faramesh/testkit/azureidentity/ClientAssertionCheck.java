package dev.faramesh.testkit.azureidentity;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How Entra checks a {@code client_assertion} in a federated exchange: find the application's
 * federated credential whose issuer and subject match the assertion, verify the signature with that
 * issuer's JWKS, then the time window and the audience. Failures carry the AADSTS codes Entra uses
 * (70021 no matching federated record, 700027 bad signature, 700024 outside the valid time range).
 */
final class ClientAssertionCheck {

    private final Map<String, JWKSource<SecurityContext>> keySources = new ConcurrentHashMap<>();

    /** Returns the matching credential or throws the error Entra answers with. */
    FederatedCredential verify(String assertion, List<FederatedCredential> candidates) {
        JWTClaimsSet unverified;
        try {
            unverified = JWTParser.parse(assertion).getJWTClaimsSet();
        } catch (ParseException e) {
            throw EntraError.entra(400, "invalid_client", 50027, "JWT token is invalid or malformed.");
        }
        FederatedCredential credential = candidates.stream()
                .filter(c -> c.issuer().equals(unverified.getIssuer()) && c.subject().equals(unverified.getSubject()))
                .findFirst()
                .orElseThrow(() -> EntraError.entra(400, "invalid_client", 70021,
                        "No matching federated identity record found for presented assertion. Assertion Issuer: '"
                                + unverified.getIssuer() + "'. Assertion Subject: '" + unverified.getSubject()
                                + "'. Assertion Audience: '" + unverified.getAudience() + "'."));
        JWTClaimsSet claims;
        try {
            claims = processorFor(credential).process(assertion, null);
        } catch (KeySourceException e) {
            throw EntraError.entra(400, "invalid_client", 700027,
                    "Client assertion failed signature validation: the issuer's signing keys could not be retrieved.");
        } catch (BadJOSEException e) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("Expired JWT") || message.contains("before use time")) {
                throw EntraError.entra(400, "invalid_client", 700024, "Client assertion is not within its valid time range.");
            }
            throw EntraError.entra(400, "invalid_client", 700027, "Client assertion contains an invalid signature.");
        } catch (Exception e) {
            throw EntraError.entra(400, "invalid_client", 700027, "Client assertion contains an invalid signature.");
        }
        if (claims.getAudience() == null || !claims.getAudience().contains(credential.audience())) {
            throw EntraError.entra(400, "invalid_client", 70021, "No matching federated identity record found for "
                    + "presented assertion audience '" + claims.getAudience() + "'.");
        }
        return credential;
    }

    private DefaultJWTProcessor<SecurityContext> processorFor(FederatedCredential credential) {
        JWKSource<SecurityContext> keys = keySources.computeIfAbsent(credential.jwksUrl(), url -> {
            try {
                return JWKSourceBuilder.<SecurityContext>create(URI.create(url).toURL()).retrying(false).build();
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("bad JWKS URL " + url, e);
            }
        });
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256), keys));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(null, null, Set.of("exp", "sub", "iss"), null));
        return processor;
    }
}
