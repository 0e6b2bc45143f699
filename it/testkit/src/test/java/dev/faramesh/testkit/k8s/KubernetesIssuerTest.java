package dev.faramesh.testkit.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.faramesh.testkit.awsidentity.StsServer;
import dev.faramesh.testkit.awsidentity.WebIdentityRole;
import dev.faramesh.testkit.support.NimbusVerifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsWebIdentityTokenFileCredentialsProvider;

import javax.net.ssl.SSLHandshakeException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link KubernetesIssuer} as an HTTPS OIDC issuer for projected service-account tokens: discovery
 * and JWKS resolve over TLS trusting only its CA, nimbus verifies the tokens and sees the
 * {@code kubernetes.io} claims, the kubelet-style token file rotates atomically, TokenReview
 * authenticates and revokes by pod, and the token file drives the AWS SDK's IRSA flow.
 */
class KubernetesIssuerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private KubernetesIssuer issuer;
    private HttpClient https;
    private final PodIdentity pod = PodIdentity.of("agents", "planner", "planner-7d9f8");

    @BeforeEach
    void start() {
        issuer = KubernetesIssuer.startHttps();
        https = HttpClient.newBuilder().sslContext(issuer.tls().clientContext()).version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterEach
    void stop() {
        issuer.stop();
    }

    @Test
    void discoveryOverTlsPointsAtTheJwksAndTokensVerify() throws Exception {
        JsonNode discovery = JSON.readTree(https.send(HttpRequest.newBuilder(URI.create(issuer.discoveryUrl())).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertThat(discovery.get("issuer").asText()).isEqualTo(issuer.issuer()).startsWith("https://127.0.0.1:");
        assertThat(discovery.get("jwks_uri").asText()).isEqualTo(issuer.jwksUrl());

        String token = issuer.token(pod, Duration.ofHours(1), "vault");
        JWTClaimsSet claims = NimbusVerifier.forIssuer(issuer.jwksUrl(), issuer.issuer(), "vault", issuer.tls().clientContext())
                .process(token, null);

        assertThat(claims.getSubject()).isEqualTo("system:serviceaccount:agents:planner");
        Map<String, Object> kubernetes = claims.getJSONObjectClaim("kubernetes.io");
        assertThat(kubernetes).containsEntry("namespace", "agents");
        assertThat(kubernetes.get("pod")).isEqualTo(Map.of("name", "planner-7d9f8", "uid", pod.podUid()));
        assertThat(kubernetes.get("serviceaccount")).isEqualTo(Map.of("name", "planner", "uid", pod.serviceAccountUid()));
        assertThat(SignedJWT.parse(token).getHeader().getKeyID()).isEqualTo(issuer.keys().currentKeyId());
    }

    @Test
    void clientsThatDoNotTrustTheIssuersCaCannotFetchKeys() {
        String token = issuer.token(pod, Duration.ofHours(1), "vault");

        assertThatThrownBy(() -> NimbusVerifier.forIssuer(issuer.jwksUrl(), issuer.issuer(), "vault").process(token, null))
                .hasMessageContaining("Couldn't retrieve JWK set from URL")
                .hasRootCauseInstanceOf(java.security.cert.CertPathBuilderException.class);
        assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(issuer.jwksUrl())).build(),
                HttpResponse.BodyHandlers.discarding())).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void projectedTokenFileRotatesAtomicallyLikeTheKubelet() throws Exception {
        ServiceAccountTokenFile file = issuer.project(dir.resolve("kube-api-access"), pod, Duration.ofHours(1), "vault");
        String first = Files.readString(file.path());
        assertThat(Files.isSymbolicLink(file.path())).isTrue();
        assertThat(Files.isSymbolicLink(file.directory().resolve("..data"))).isTrue();
        Path firstGeneration = file.directory().resolve(Files.readSymbolicLink(file.directory().resolve("..data")));

        String second = file.refresh();

        assertThat(second).isNotEqualTo(first);
        assertThat(Files.readString(file.path())).isEqualTo(second);
        assertThat(firstGeneration).doesNotExist();
        assertThat(NimbusVerifier.forIssuer(issuer.jwksUrl(), issuer.issuer(), "vault", issuer.tls().clientContext())
                .process(file.current(), null).getSubject()).isEqualTo(pod.subject());
    }

    @Test
    void tokenReviewAuthenticatesChecksAudiencesAndRevokesDeletedPods() throws Exception {
        String token = issuer.token(pod, Duration.ofHours(1), "vault");

        JsonNode ok = review(token, "vault");
        assertThat(ok.at("/status/authenticated").asBoolean()).isTrue();
        assertThat(ok.at("/status/user/username").asText()).isEqualTo("system:serviceaccount:agents:planner");
        assertThat(ok.at("/status/user/uid").asText()).isEqualTo(pod.serviceAccountUid());
        assertThat(ok.at("/status/user/groups").toString()).contains("system:serviceaccounts:agents");
        assertThat(ok.at("/status/user/extra/authentication.kubernetes.io~1pod-name/0").asText()).isEqualTo("planner-7d9f8");
        assertThat(ok.at("/status/audiences/0").asText()).isEqualTo("vault");

        JsonNode wrongAudience = review(token, "other");
        assertThat(wrongAudience.at("/status/authenticated").asBoolean()).isFalse();
        assertThat(wrongAudience.at("/status/error").asText()).contains("audiences");

        issuer.deletePod(pod);
        JsonNode revoked = review(token, "vault");
        assertThat(revoked.at("/status/authenticated").asBoolean()).isFalse();
        assertThat(revoked.at("/status/error").asText()).contains("pods \"planner-7d9f8\" not found");
    }

    @Test
    void tokenReviewRefusesExpiredAndForgedTokensAndUnauthenticatedCallers() throws Exception {
        String expired = issuer.token(pod, Duration.ofMinutes(-5), "vault");
        String forged = issuer.minter().signWithForgedKey(ServiceAccountClaims.of(issuer.minter(), pod, Duration.ofHours(1), "vault"));

        assertThat(review(expired, "vault").at("/status/error").asText()).contains("Expired JWT");
        assertThat(review(forged, "vault").at("/status/authenticated").asBoolean()).isFalse();

        HttpResponse<String> anonymous = https.send(HttpRequest.newBuilder(URI.create(issuer.baseUrl() + KubernetesIssuer.TOKEN_REVIEW_PATH))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    @Test
    void projectedTokenDrivesTheAwsSdkIrsaFlow() {
        try (KubernetesIssuer eks = KubernetesIssuer.startHttp(); StsServer sts = StsServer.start()) {
            String role = "arn:aws:iam::123456789012:role/agent-planner";
            sts.trustWebIdentity(new WebIdentityRole(role, eks.issuer(), eks.jwksUrl(), "sts.amazonaws.com", pod.subject()));
            ServiceAccountTokenFile file = eks.project(dir.resolve("eks-pod-identity"), pod, Duration.ofHours(1), "sts.amazonaws.com");

            try (StsClient anonymous = StsClient.builder().endpointOverride(sts.endpoint()).region(Region.US_EAST_1)
                    .credentialsProvider(AnonymousCredentialsProvider.create()).httpClient(UrlConnectionHttpClient.create()).build();
                 var irsa = StsWebIdentityTokenFileCredentialsProvider.builder().stsClient(anonymous).roleArn(role)
                         .roleSessionName("planner").webIdentityTokenFile(file.path()).build();
                 StsClient asRole = StsClient.builder().endpointOverride(sts.endpoint()).region(Region.US_EAST_1)
                         .credentialsProvider(irsa).httpClient(UrlConnectionHttpClient.create()).build()) {
                assertThat(asRole.getCallerIdentity().arn()).isEqualTo("arn:aws:sts::123456789012:assumed-role/agent-planner/planner");
            }
        }
    }

    private JsonNode review(String token, String audience) throws Exception {
        String body = JSON.writeValueAsString(Map.of("apiVersion", "authentication.k8s.io/v1", "kind", "TokenReview",
                "spec", Map.of("token", token, "audiences", java.util.List.of(audience))));
        HttpResponse<String> response = https.send(HttpRequest.newBuilder(URI.create(issuer.baseUrl() + KubernetesIssuer.TOKEN_REVIEW_PATH))
                .header("Authorization", "Bearer " + issuer.reviewerToken()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(201);
        return JSON.readTree(response.body());
    }
}
