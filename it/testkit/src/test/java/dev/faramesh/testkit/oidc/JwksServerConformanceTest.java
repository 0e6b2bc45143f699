package dev.faramesh.testkit.oidc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.faramesh.testkit.support.NimbusVerifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * nimbus-jose-jwt against {@link JwksServer} for what mock-oauth2-server cannot stage: rotation to a
 * new kid, retired and unknown kids, forged signatures, {@code alg=none}, time and audience/issuer
 * violations, and JWKS outages (503, refused connections, slow and malformed responses). Each case
 * first shows the same verifier accepting a good token, so a rejection is the server's doing.
 */
class JwksServerConformanceTest {

    private JwksServer server;
    private TokenMinter minter;

    @BeforeEach
    void start() {
        server = JwksServer.start();
        minter = server.minter();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private DefaultJWTProcessor<SecurityContext> verifier() {
        return NimbusVerifier.forIssuer(server.jwksUrl(), server.issuer(), "faramesh");
    }

    private String good() {
        return minter.sign(minter.claims("agent-7", "faramesh").build());
    }

    @Test
    void discoveryPointsAtTheJwksAndAValidTokenIsAccepted() throws Exception {
        HttpResponse<String> discovery = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(server.discoveryUrl())).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode doc = new ObjectMapper().readTree(discovery.body());
        assertThat(doc.get("issuer").asText()).isEqualTo(server.issuer());
        assertThat(doc.get("jwks_uri").asText()).isEqualTo(server.jwksUrl());

        JWTClaimsSet claims = verifier().process(good(), null);

        assertThat(claims.getSubject()).isEqualTo("agent-7");
        assertThat(server.jwksFetches()).isEqualTo(1);
        assertThat(server.requests()).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
    }

    @Test
    void rotationToANewKidIsPickedUpOnTheNextUnknownKid() throws Exception {
        DefaultJWTProcessor<SecurityContext> verifier = NimbusVerifier.forIssuer(server.jwksUrl(), server.issuer(),
                "faramesh", b -> b.rateLimited(false));
        String before = good();
        verifier.process(before, null);

        String newKid = server.rotateKey(true);
        String after = good();

        assertThat(com.nimbusds.jwt.SignedJWT.parse(after).getHeader().getKeyID()).isEqualTo(newKid);
        assertThat(verifier.process(after, null).getSubject()).isEqualTo("agent-7");
        assertThat(verifier.process(before, null).getSubject()).as("old key kept").isEqualTo("agent-7");
        assertThat(server.jwksFetches()).isEqualTo(2);
    }

    @Test
    void retiredKidIsRejected() throws Exception {
        String old = good();
        String oldKid = server.keys().currentKeyId();
        verifier().process(old, null);

        server.rotateKey(false);

        assertThat(server.keys().publicJwks().getKeyByKeyId(oldKid)).isNull();
        assertThatThrownBy(() -> verifier().process(old, null)).hasMessageContaining("no matching key(s) found");
    }

    @Test
    void unpublishedKidIsRejected() throws Exception {
        verifier().process(good(), null);

        String stranger = minter.signWithUnpublishedKey(minter.claims("agent-7", "faramesh").build());

        assertThatThrownBy(() -> verifier().process(stranger, null)).hasMessageContaining("no matching key(s) found");
    }

    @Test
    void forgedSignatureUnderThePublishedKidIsRejected() throws Exception {
        verifier().process(good(), null);

        String forged = minter.signWithForgedKey(minter.claims("agent-7", "faramesh").build());

        assertThatThrownBy(() -> verifier().process(forged, null)).hasMessageContaining("Invalid signature");
    }

    @Test
    void unsecuredTokenIsRejected() {
        String none = minter.unsecured(minter.claims("agent-7", "faramesh").build());

        assertThat(none).endsWith(".");
        assertThatThrownBy(() -> verifier().process(none, null)).hasMessageContaining("Unsecured (plain) JWTs are rejected");
    }

    @Test
    void expiredNotYetValidWrongAudienceAndWrongIssuerAreRejected() throws Exception {
        Instant now = Instant.now();
        verifier().process(good(), null);

        String expired = minter.sign(minter.claims("agent-7", "faramesh")
                .issueTime(Date.from(now.minusSeconds(7200))).notBeforeTime(Date.from(now.minusSeconds(7200)))
                .expirationTime(Date.from(now.minusSeconds(300))).build());
        String early = minter.sign(minter.claims("agent-7", "faramesh")
                .notBeforeTime(Date.from(now.plusSeconds(600))).build());
        String elsewhere = minter.sign(minter.claims("agent-7", "someone-else").build());
        String otherIssuer = minter.sign(minter.claims("agent-7", "faramesh").issuer("https://attacker.example").build());

        assertThatThrownBy(() -> verifier().process(expired, null)).hasMessageContaining("Expired JWT");
        assertThatThrownBy(() -> verifier().process(early, null)).hasMessageContaining("JWT before use time");
        assertThatThrownBy(() -> verifier().process(elsewhere, null)).hasMessageContaining("JWT aud claim rejected");
        assertThatThrownBy(() -> verifier().process(otherIssuer, null)).hasMessageContaining("JWT iss claim value rejected");
    }

    @Test
    void jwksAnswering503IsAnOutage() throws Exception {
        server.failWith(503);

        assertThatThrownBy(() -> verifier().process(good(), null))
                .hasMessageContaining("Couldn't retrieve JWK set from URL")
                .hasMessageContaining("HTTP response code: 503");

        server.clearFaults();
        assertThat(verifier().process(good(), null).getSubject()).isEqualTo("agent-7");
        assertThat(server.requests()).extracting(r -> r.status()).containsExactly(503, 200);
    }

    @Test
    void refusedConnectionsAreAnOutageUntilThePortIsBack() throws Exception {
        server.refuseConnections();

        assertThatThrownBy(() -> verifier().process(good(), null))
                .hasMessageContaining("Couldn't retrieve JWK set from URL")
                .hasStackTraceContaining("Connection refused");

        server.acceptConnections();
        assertThat(verifier().process(good(), null).getSubject()).isEqualTo("agent-7");
    }

    @Test
    void slowJwksTimesOutAtTheDefaultReadTimeoutButNotBelowIt() throws Exception {
        server.delayResponses(Duration.ofMillis(1200));
        assertThatThrownBy(() -> verifier().process(good(), null))
                .hasMessageContaining("Couldn't retrieve JWK set from URL")
                .hasStackTraceContaining("Read timed out");

        server.delayResponses(Duration.ofMillis(100));
        assertThat(verifier().process(good(), null).getSubject()).isEqualTo("agent-7");
    }

    @Test
    void malformedJwksIsRejected() {
        server.serveJwksBody("{\"keys\": [ {\"kty\": \"RSA\"");

        assertThatThrownBy(() -> verifier().process(good(), null)).hasMessageContaining("Unable to parse JWK set");
    }

    @Test
    void gitHubActionsShapedTokenVerifiesWithItsRepositoryClaims() throws Exception {
        String token = minter.sign(GitHubActionsClaims.pushWorkflow(minter, "octo-org/agents", "refs/heads/main", "faramesh"));

        JWTClaimsSet claims = verifier().process(token, null);

        assertThat(claims.getSubject()).isEqualTo("repo:octo-org/agents:ref:refs/heads/main");
        assertThat(claims.getStringClaim("repository_owner")).isEqualTo("octo-org");
        assertThat(claims.getStringClaim("ref_type")).isEqualTo("branch");
        assertThat(claims.getStringClaim("job_workflow_ref")).isEqualTo("octo-org/agents/.github/workflows/deploy.yml@refs/heads/main");
    }

    @Test
    void requestLogKeepsHeaderNamesOnly() throws Exception {
        String secret = java.util.UUID.randomUUID().toString();
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.jwksUrl()))
                .header("Authorization", "Bearer " + secret).build(), HttpResponse.BodyHandlers.discarding());

        assertThat(server.requests()).singleElement().satisfies(r -> {
            assertThat(r.hasHeader("Authorization")).isTrue();
            assertThat(r.toString()).doesNotContain(secret);
        });
    }
}
