package dev.faramesh.testkit.azureidentity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.faramesh.testkit.k8s.KubernetesIssuer;
import dev.faramesh.testkit.k8s.PodIdentity;
import dev.faramesh.testkit.k8s.ServiceAccountClaims;
import dev.faramesh.testkit.k8s.ServiceAccountTokenFile;
import dev.faramesh.testkit.support.NimbusVerifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link AzureImdsServer} driven over its wire protocol with the JDK HTTP client, its tokens checked
 * with nimbus: IMDS hands out v1 managed-identity tokens (system- and user-assigned) only with the
 * {@code Metadata: true} header, and the Entra token endpoint exchanges a projected Kubernetes token
 * (AKS workload identity) for a v2 app token discoverable from the tenant's OIDC metadata, refusing
 * unknown subjects, forged, expired and wrongly addressed assertions with Entra's AADSTS codes.
 */
class AzureImdsServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VAULT = "https://vault.azure.net";

    @TempDir
    Path dir;

    private final String tenant = UUID.randomUUID().toString();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private AzureImdsServer azure;
    private KubernetesIssuer cluster;
    private final PodIdentity pod = PodIdentity.of("agents", "planner", "planner-5c6d7");
    private FederatedCredential credential;

    @BeforeEach
    void start() {
        azure = AzureImdsServer.start(tenant, ManagedIdentity.systemAssigned(UUID.randomUUID().toString(), "rg-agents", "vm-agents-1"));
        cluster = KubernetesIssuer.startHttp();
        credential = FederatedCredential.kubernetes(cluster.issuer(), cluster.jwksUrl(), pod.subject());
        azure.trust(credential);
    }

    @AfterEach
    void stop() {
        azure.stop();
        cluster.stop();
    }

    @Test
    void imdsIssuesAVerifiableV1TokenForTheSystemAssignedIdentity() throws Exception {
        HttpResponse<String> response = imds("api-version=2018-02-01&resource=" + enc(VAULT), true);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.get("resource").asText()).isEqualTo(VAULT);
        assertThat(body.get("expires_on").isTextual()).as("IMDS sends numbers as strings").isTrue();
        JWTClaimsSet claims = NimbusVerifier.forIssuer(azure.jwksUrl(), azure.v1Issuer(), VAULT)
                .process(body.get("access_token").asText(), null);
        ManagedIdentity vm = azure.systemAssigned();
        assertThat(claims.getStringClaim("xms_mirid")).isEqualTo(vm.resourceId()).contains("/virtualMachines/vm-agents-1");
        assertThat(claims.getStringClaim("oid")).isEqualTo(vm.objectId());
        assertThat(claims.getStringClaim("appid")).isEqualTo(vm.clientId()).isEqualTo(body.get("client_id").asText());
        assertThat(claims.getStringClaim("tid")).isEqualTo(tenant);
        assertThat(azure.requests().get(0).hasHeader("Metadata")).isTrue();
    }

    @Test
    void imdsSelectsAUserAssignedIdentityByClientId() throws Exception {
        ManagedIdentity planner = ManagedIdentity.userAssigned("sub-1", "rg-agents", "id-planner");
        azure.attach(planner);

        HttpResponse<String> response = imds("api-version=2018-02-01&resource=" + enc(VAULT) + "&client_id=" + planner.clientId(), true);

        JWTClaimsSet claims = NimbusVerifier.forIssuer(azure.jwksUrl(), azure.v1Issuer(), VAULT)
                .process(JSON.readTree(response.body()).get("access_token").asText(), null);
        assertThat(claims.getStringClaim("xms_mirid")).endsWith("/userAssignedIdentities/id-planner");
        assertThat(claims.getStringClaim("appid")).isEqualTo(planner.clientId());
    }

    @Test
    void imdsRefusesMissingHeaderMissingResourceAndUnknownIdentity() throws Exception {
        HttpResponse<String> noHeader = imds("api-version=2018-02-01&resource=" + enc(VAULT), false);
        HttpResponse<String> noResource = imds("api-version=2018-02-01", true);
        HttpResponse<String> unknown = imds("api-version=2018-02-01&resource=" + enc(VAULT) + "&client_id=" + UUID.randomUUID(), true);

        assertThat(noHeader.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(noHeader.body()).get("error_description").asText()).isEqualTo("Required metadata header not specified");
        assertThat(noResource.statusCode()).isEqualTo(400);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(unknown.body()).get("error").asText()).isEqualTo("invalid_request");
    }

    @Test
    void projectedTokenIsExchangedForAV2TokenDiscoverableFromTheTenant() throws Exception {
        ServiceAccountTokenFile file = cluster.project(dir.resolve("azure-identity-token"), pod, Duration.ofHours(1),
                FederatedCredential.TOKEN_EXCHANGE_AUDIENCE);

        HttpResponse<String> response = exchange(credential.clientId(), file.current(), VAULT + "/.default");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("expires_in").asInt()).isEqualTo(3599);
        JsonNode discovery = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(azure.v2Issuer()
                + "/.well-known/openid-configuration")).build(), HttpResponse.BodyHandlers.ofString()).body());
        assertThat(discovery.get("issuer").asText()).isEqualTo(azure.v2Issuer());
        JWTClaimsSet claims = NimbusVerifier.forIssuer(discovery.get("jwks_uri").asText(), azure.v2Issuer(), VAULT)
                .process(body.get("access_token").asText(), null);
        assertThat(claims.getStringClaim("azp")).isEqualTo(credential.clientId());
        assertThat(claims.getStringClaim("oid")).isEqualTo(credential.objectId());
        assertThat(claims.getStringClaim("tid")).isEqualTo(tenant);
        assertThat(claims.getStringClaim("ver")).isEqualTo("2.0");
    }

    @Test
    void exchangeRefusalsCarryEntrasCodes() throws Exception {
        String exchangeAud = FederatedCredential.TOKEN_EXCHANGE_AUDIENCE;
        PodIdentity stranger = PodIdentity.of("agents", "intruder", "intruder-1");
        String otherSubject = cluster.token(stranger, Duration.ofHours(1), exchangeAud);
        String forged = cluster.minter().signWithForgedKey(ServiceAccountClaims.of(cluster.minter(), pod, Duration.ofHours(1), exchangeAud));
        String expired = cluster.token(pod, Duration.ofMinutes(-10), exchangeAud);
        String wrongAudience = cluster.token(pod, Duration.ofHours(1), "vault");
        String good = cluster.token(pod, Duration.ofHours(1), exchangeAud);

        assertThat(errorCode(exchange(credential.clientId(), otherSubject, VAULT + "/.default"))).isEqualTo(70021);
        assertThat(errorCode(exchange(credential.clientId(), forged, VAULT + "/.default"))).isEqualTo(700027);
        assertThat(errorCode(exchange(credential.clientId(), expired, VAULT + "/.default"))).isEqualTo(700024);
        assertThat(errorCode(exchange(credential.clientId(), wrongAudience, VAULT + "/.default"))).isEqualTo(70021);
        assertThat(errorCode(exchange(UUID.randomUUID().toString(), good, VAULT + "/.default"))).isEqualTo(700016);
        assertThat(errorCode(exchange(credential.clientId(), good, VAULT))).isEqualTo(1002012);
        assertThat(exchange(credential.clientId(), good, VAULT + "/.default").statusCode()).isEqualTo(200);
        assertThat(azure.requests()).allSatisfy(r -> assertThat(r.toString()).doesNotContain(good));
    }

    @Test
    void clientSecretGrantIssuesAV2AppTokenAndAWrongSecretIs401WithEntrasCode() throws Exception {
        ClientSecretCredential app = ClientSecretCredential.generate();
        azure.register(app);

        HttpResponse<String> ok = secretGrant(app.clientId(), app.secret(), VAULT + "/.default");

        assertThat(ok.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(ok.body());
        assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
        JWTClaimsSet claims = NimbusVerifier.forIssuer(azure.jwksUrl(), azure.v2Issuer(), VAULT)
                .process(body.get("access_token").asText(), null);
        assertThat(claims.getStringClaim("azp")).isEqualTo(app.clientId());
        assertThat(claims.getStringClaim("oid")).isEqualTo(app.objectId());
        assertThat(claims.getStringClaim("idtyp")).isEqualTo("app");

        String wrong = ClientSecretCredential.newSecretValue();
        HttpResponse<String> denied = secretGrant(app.clientId(), wrong, VAULT + "/.default");
        assertThat(denied.statusCode()).isEqualTo(401);
        JsonNode error = JSON.readTree(denied.body());
        assertThat(error.get("error").asText()).isEqualTo("invalid_client");
        assertThat(error.get("error_codes").get(0).asInt()).isEqualTo(7000215);
        assertThat(error.get("error_description").asText()).startsWith("AADSTS7000215: Invalid client secret provided.");
        assertThat(denied.body()).doesNotContain(wrong).doesNotContain(app.secret());

        assertThat(errorCode(secretGrant(UUID.randomUUID().toString(), app.secret(), VAULT + "/.default"))).isEqualTo(700016);
        assertThat(errorCode(secretGrant(app.clientId(), app.secret(), VAULT))).isEqualTo(1002012);
        // the federated application of this tenant has no secret
        assertThat(errorCode(secretGrant(credential.clientId(), app.secret(), VAULT + "/.default"))).isEqualTo(700016);
        // a rotated secret replaces the old one
        ClientSecretCredential rotated = new ClientSecretCredential(app.clientId(), app.objectId(),
                ClientSecretCredential.newSecretValue());
        azure.register(rotated);
        assertThat(secretGrant(app.clientId(), app.secret(), VAULT + "/.default").statusCode()).isEqualTo(401);
        assertThat(secretGrant(app.clientId(), rotated.secret(), VAULT + "/.default").statusCode()).isEqualTo(200);
    }

    @Test
    void otherTenantIsNotFound() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(azure.baseUrl() + "/"
                + UUID.randomUUID() + "/discovery/v2.0/keys")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).get("error_codes").get(0).asInt()).isEqualTo(90002);
    }

    private HttpResponse<String> imds(String query, boolean metadataHeader) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(azure.imdsTokenUrl() + "?" + query));
        if (metadataHeader) {
            request.header("Metadata", "true");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> exchange(String clientId, String assertion, String scope) throws Exception {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("client_id", clientId);
        form.put("scope", scope);
        form.put("grant_type", "client_credentials");
        form.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
        form.put("client_assertion", assertion);
        String body = form.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
        return http.send(HttpRequest.newBuilder(URI.create(azure.entraTokenUrl()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> secretGrant(String clientId, String secret, String scope) throws Exception {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("client_id", clientId);
        form.put("client_secret", secret);
        form.put("grant_type", "client_credentials");
        form.put("scope", scope);
        String body = form.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
        return http.send(HttpRequest.newBuilder(URI.create(azure.entraTokenUrl()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int errorCode(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).isEqualTo(400);
        return JSON.readTree(response.body()).get("error_codes").get(0).asInt();
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
