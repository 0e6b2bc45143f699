package dev.faramesh.testkit.oidc;

import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.faramesh.testkit.support.NimbusVerifier;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * nimbus-jose-jwt against mock-oauth2-server 6.0.2 used as a real OIDC issuer (discovery + JWKS over
 * HTTP): a Kubernetes-shaped token is accepted with its nested claims; expired, wrong-audience,
 * tampered, unknown-kid and {@code alg=none} tokens are refused, and so is everything once the
 * issuer is down.
 */
class MockOAuth2ServerConformanceTest {

    private static final String SUBJECT = "system:serviceaccount:agents:planner";
    private static MockOAuth2Server issuer;

    @BeforeAll
    static void start() {
        issuer = new MockOAuth2Server();
        issuer.start();
    }

    @AfterAll
    static void stop() {
        issuer.shutdown();
    }

    private DefaultJWTProcessor<SecurityContext> verifier() {
        return NimbusVerifier.forIssuer(issuer.jwksUrl("k8s").toString(), issuer.issuerUrl("k8s").toString(), "vault");
    }

    private static Map<String, Object> kubernetesClaims() {
        return Map.of("kubernetes.io", Map.of("namespace", "agents",
                "serviceaccount", Map.of("name", "planner", "uid", "0f7d1c1e-5d1f-4e5e-9d7a-1b2c3d4e5f60")));
    }

    @Test
    void validTokenIsAcceptedWithItsNestedClaims() throws Exception {
        SignedJWT token = issuer.issueToken("k8s", SUBJECT, "vault", kubernetesClaims());

        JWTClaimsSet claims = verifier().process(token.serialize(), null);

        assertThat(claims.getSubject()).isEqualTo(SUBJECT);
        assertThat(claims.getJSONObjectClaim("kubernetes.io")).containsEntry("namespace", "agents");
        assertThat(token.getHeader().getKeyID()).isEqualTo("k8s");
        var discovery = issuer.wellKnownUrl("k8s").url().openStream().readAllBytes();
        assertThat(new String(discovery)).contains(issuer.jwksUrl("k8s").toString());
    }

    @Test
    void expiredTokenIsRejected() {
        SignedJWT token = issuer.issueToken("k8s", "client", new DefaultOAuth2TokenCallback(
                "k8s", SUBJECT, "JWT", List.of("vault"), kubernetesClaims(), -300));

        assertThatThrownBy(() -> verifier().process(token.serialize(), null))
                .hasMessageContaining("Expired JWT");
    }

    @Test
    void wrongAudienceIsRejected() {
        SignedJWT token = issuer.issueToken("k8s", SUBJECT, "someone-else", kubernetesClaims());

        assertThatThrownBy(() -> verifier().process(token.serialize(), null))
                .hasMessageContaining("JWT aud claim rejected");
    }

    @Test
    void tamperedPayloadFailsTheSignature() throws Exception {
        SignedJWT genuine = issuer.issueToken("k8s", SUBJECT, "vault", kubernetesClaims());
        JWTClaimsSet escalated = new JWTClaimsSet.Builder(genuine.getJWTClaimsSet())
                .subject("system:serviceaccount:kube-system:admin").build();
        String[] parts = genuine.serialize().split("\\.");
        String tampered = parts[0] + "." + Base64URL.encode(escalated.toString()) + "." + parts[2];

        assertThatThrownBy(() -> verifier().process(tampered, null))
                .hasMessageContaining("Invalid signature");
    }

    @Test
    void tokenFromAnotherIssuerHasAnUnknownKid() {
        SignedJWT foreign = issuer.issueToken("gcp", SUBJECT, "vault", kubernetesClaims());

        assertThatThrownBy(() -> verifier().process(foreign.serialize(), null))
                .hasMessageContaining("no matching key(s) found");
    }

    @Test
    void unsecuredTokenIsRejected() throws Exception {
        SignedJWT genuine = issuer.issueToken("k8s", SUBJECT, "vault", kubernetesClaims());
        String none = new PlainJWT(genuine.getJWTClaimsSet()).serialize();

        assertThatThrownBy(() -> verifier().process(none, null))
                .hasMessageContaining("Unsecured (plain) JWTs are rejected");
    }

    @Test
    void issuerDownMeansNoKeysAndRejection() throws Exception {
        MockOAuth2Server shortLived = new MockOAuth2Server();
        shortLived.start();
        SignedJWT token = shortLived.issueToken("k8s", SUBJECT, "vault", kubernetesClaims());
        var verifier = NimbusVerifier.forIssuer(shortLived.jwksUrl("k8s").toString(),
                shortLived.issuerUrl("k8s").toString(), "vault");
        shortLived.shutdown();

        assertThatThrownBy(() -> verifier.process(token.serialize(), null))
                .hasMessageContaining("Couldn't retrieve JWK set from URL");
    }
}
