package dev.faramesh.testkit.gcpidentity;

import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.auth.oauth2.ComputeEngineCredentials;
import com.google.auth.oauth2.IdToken;
import com.google.auth.oauth2.IdTokenProvider;
import com.google.auth.oauth2.TokenVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.faramesh.testkit.support.NimbusVerifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Google's own {@link ComputeEngineCredentials} (google-auth-library 1.50.0) against
 * {@link GcpMetadataServer}, its transport redirected from {@code metadata.google.internal} to the
 * loopback port: identity tokens arrive in standard and full format and verify with nimbus and with
 * Google's {@link TokenVerifier} against the served certs; the metadata header rules hold.
 */
class GcpMetadataServerTest {

    private static final String AUDIENCE = "https://vault.faramesh.internal";

    private GcpMetadataServer server;
    private ComputeEngineCredentials credentials;

    @BeforeEach
    void start() {
        server = GcpMetadataServer.start(GcpServiceAccount.of("faramesh-test", "planner"));
        int port = server.http().port();
        // every request the library makes to metadata.google.internal lands on the test server
        NetHttpTransport transport = new NetHttpTransport.Builder().setConnectionFactory(url ->
                (HttpURLConnection) new URL("http", "127.0.0.1", port, url.getFile()).openConnection()).build();
        credentials = ComputeEngineCredentials.newBuilder().setHttpTransportFactory(() -> transport).build();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void fullFormatIdentityTokenVerifiesWithNimbusAndCarriesComputeEngineClaims() throws Exception {
        IdToken token = credentials.idTokenWithAudience(AUDIENCE, List.of(IdTokenProvider.Option.FORMAT_FULL));

        JWTClaimsSet claims = NimbusVerifier.forIssuer(server.certsUrl(), "https://accounts.google.com", AUDIENCE)
                .process(token.getTokenValue(), null);

        GcpServiceAccount account = server.account();
        assertThat(claims.getSubject()).isEqualTo(account.uniqueId());
        assertThat(claims.getStringClaim("email")).isEqualTo(account.email());
        assertThat(claims.getStringClaim("azp")).isEqualTo(account.uniqueId());
        @SuppressWarnings("unchecked")
        Map<String, Object> gce = (Map<String, Object>) claims.getJSONObjectClaim("google").get("compute_engine");
        assertThat(gce).containsEntry("project_id", "faramesh-test").containsEntry("zone", account.zone())
                .containsEntry("instance_name", account.instanceName());
        assertThat(server.requests()).anySatisfy(r -> {
            assertThat(r.path()).isEqualTo(GcpMetadataServer.IDENTITY_PATH);
            assertThat(r.queryNames()).contains("audience", "format");
            assertThat(r.hasHeader("Metadata-Flavor")).isTrue();
        });
    }

    @Test
    void standardFormatHasNoGoogleClaimAndGooglesVerifierAcceptsIt() throws Exception {
        IdToken token = credentials.idTokenWithAudience(AUDIENCE, List.of());

        var verified = TokenVerifier.newBuilder().setAudience(AUDIENCE).setIssuer("https://accounts.google.com")
                .setCertificatesLocation(server.certsUrl()).build().verify(token.getTokenValue());

        assertThat(verified.getPayload().getSubject()).isEqualTo(server.account().uniqueId());
        assertThat(verified.getPayload().get("google")).isNull();
    }

    @Test
    void accountEmailComesFromTheMetadataServer() {
        assertThat(credentials.getAccount()).isEqualTo(server.account().email());
    }

    @Test
    void tokenFromAnotherKeyIsRejectedByGooglesVerifier() {
        String forged = server.minter().signWithForgedKey(ComputeEngineClaims.full(server.minter(), server.account(), AUDIENCE));

        assertThatThrownBy(() -> TokenVerifier.newBuilder().setAudience(AUDIENCE)
                .setCertificatesLocation(server.certsUrl()).build().verify(forged))
                .isInstanceOf(TokenVerifier.VerificationException.class);
    }

    @Test
    void requestsWithoutTheFlavorHeaderOrWithForwardingAreRefused() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI identity = URI.create(server.baseUrl() + GcpMetadataServer.IDENTITY_PATH + "?audience=x");

        HttpResponse<String> bare = http.send(HttpRequest.newBuilder(identity).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> forwarded = http.send(HttpRequest.newBuilder(identity).header("Metadata-Flavor", "Google")
                .header("X-Forwarded-For", "10.0.0.7").build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> noAudience = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl()
                + GcpMetadataServer.IDENTITY_PATH)).header("Metadata-Flavor", "Google").build(), HttpResponse.BodyHandlers.ofString());

        assertThat(bare.statusCode()).isEqualTo(403);
        assertThat(bare.body()).contains("Missing Metadata-Flavor:Google header");
        assertThat(bare.headers().firstValue("Metadata-Flavor")).hasValue("Google");
        assertThat(forwarded.statusCode()).isEqualTo(403);
        assertThat(noAudience.statusCode()).isEqualTo(400);
        assertThat(noAudience.body()).isEqualTo("non-empty audience parameter required");
    }

    @Test
    void metadataOutageSurfacesInTheLibrary() {
        server.http().failWith(503);

        assertThatThrownBy(() -> credentials.idTokenWithAudience(AUDIENCE, List.of())).isInstanceOf(java.io.IOException.class);
    }
}
