package dev.faramesh.testkit.infisical;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faramesh.testkit.RandomValues;
import dev.faramesh.testkit.TestClock;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Infisical has no Java SDK on Maven Central, so this drives the REST API with the JDK HttpClient and
 * Jackson exactly as the official SDKs call it (the Node SDK itself runs in {@link InfisicalNodeSdkTest}).
 */
class InfisicalServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final TestClock clock = new TestClock();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private InfisicalServer server;
    private MachineIdentity identity;
    private final String project = RandomValues.hex(12);

    /** Status and parsed body of one call. */
    record Reply(int status, JsonNode body) {
    }

    @BeforeEach
    void start() {
        server = InfisicalServer.start(clock);
        identity = server.createIdentity();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private Reply send(HttpRequest.Builder b) throws Exception {
        HttpResponse<String> r = http.send(b.timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body().isEmpty() ? null : JSON.readTree(r.body()));
    }

    private Reply login(String clientId, String clientSecret) throws Exception {
        String body = JSON.writeValueAsString(Map.of("clientId", clientId, "clientSecret", clientSecret));
        return send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/auth/universal-auth/login"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private String token() throws Exception {
        Reply r = login(identity.clientId(), identity.clientSecret());
        assertThat(r.status()).isEqualTo(200);
        return r.body().path("accessToken").asText();
    }

    private Reply get(String token, String path, Map<String, String> query) throws Exception {
        String q = query.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path + (q.isEmpty() ? "" : "?" + q)));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b.GET());
    }

    private Map<String, String> v4(String env, String path, String... extra) {
        Map<String, String> q = new LinkedHashMap<>(Map.of("projectId", project, "environment", env, "secretPath", path));
        for (int i = 0; i < extra.length; i += 2) {
            q.put(extra[i], extra[i + 1]);
        }
        q.putIfAbsent("viewSecretValue", "true");
        q.putIfAbsent("type", "shared");
        return q;
    }

    private Map<String, String> v3(String env, String path) {
        return new LinkedHashMap<>(Map.of("workspaceId", project, "environment", env, "secretPath", path, "type", "shared",
                "expandSecretReferences", "false", "include_imports", "false"));
    }

    @Test
    void loginReturnsABearerTokenWithItsLifetime() throws Exception {
        Reply r = login(identity.clientId(), identity.clientSecret());
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().path("tokenType").asText()).isEqualTo("Bearer");
        assertThat(r.body().path("expiresIn").asLong()).isEqualTo(7200);
        assertThat(r.body().path("accessToken").asText()).isNotBlank();
        assertThat(login(identity.clientId(), RandomValues.secret()).status()).isEqualTo(401);
        assertThat(login(RandomValues.hex(8), identity.clientSecret()).status()).isEqualTo(401);
    }

    @Test
    void v4ReadsLatestAndPinnedVersionsPerEnvironmentAndPath() throws Exception {
        String v1 = RandomValues.secret();
        String v2 = RandomValues.secret();
        String staging = RandomValues.secret();
        server.putSecret(project, "prod", "/payments", "STRIPE_KEY", v1);
        server.putSecret(project, "staging", "/payments", "STRIPE_KEY", staging);
        assertThat(server.rotate(project, "prod", "/payments", "STRIPE_KEY", v2)).isEqualTo(2);
        String token = token();

        Reply latest = get(token, "/api/v4/secrets/STRIPE_KEY", v4("prod", "/payments"));
        assertThat(latest.status()).isEqualTo(200);
        JsonNode s = latest.body().path("secret");
        assertThat(s.path("secretValue").asText()).isEqualTo(v2);
        assertThat(s.path("version").asInt()).isEqualTo(2);
        assertThat(s.path("secretKey").asText()).isEqualTo("STRIPE_KEY");
        assertThat(s.path("secretPath").asText()).isEqualTo("/payments");
        assertThat(s.path("environment").asText()).isEqualTo("prod");
        assertThat(s.path("secretValueHidden").asBoolean()).isFalse();

        assertThat(get(token, "/api/v4/secrets/STRIPE_KEY", v4("prod", "/payments", "version", "1")).body()
                .path("secret").path("secretValue").asText()).isEqualTo(v1);
        assertThat(get(token, "/api/v4/secrets/STRIPE_KEY", v4("staging", "/payments")).body()
                .path("secret").path("secretValue").asText()).isEqualTo(staging);
        assertThat(get(token, "/api/v4/secrets/STRIPE_KEY", v4("prod", "/")).status()).isEqualTo(404);
    }

    @Test
    void v3RawRouteServesTheSameSecrets() throws Exception {
        String value = RandomValues.secret();
        server.putSecret(project, "dev", "/", "DB_PASSWORD", value);
        String token = token();
        Reply r = get(token, "/api/v3/secrets/raw/DB_PASSWORD", v3("dev", "/"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().path("secret").path("secretValue").asText()).isEqualTo(value);
        assertThat(r.body().path("secret").path("workspace").asText()).isEqualTo(project);
        Reply list = get(token, "/api/v3/secrets/raw", v3("dev", "/"));
        assertThat(list.body().path("secrets")).hasSize(1);
        assertThat(list.body().path("imports").isArray()).isTrue();
    }

    @Test
    void missingSecretIs404WithInfisicalsErrorShape() throws Exception {
        String token = token();
        Reply r = get(token, "/api/v4/secrets/NOPE", v4("prod", "/"));
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.body().path("statusCode").asInt()).isEqualTo(404);
        assertThat(r.body().path("error").asText()).isEqualTo("NotFound");
        assertThat(r.body().path("message").asText()).contains("NOPE");
        assertThat(get(token, "/api/v3/secrets/raw/NOPE", v3("prod", "/")).status()).isEqualTo(404);
    }

    @Test
    void missingBadOrExpiredTokenIs401() throws Exception {
        server.putSecret(project, "prod", "/", "K", RandomValues.secret());
        assertThat(get(null, "/api/v4/secrets/K", v4("prod", "/")).status()).isEqualTo(401);
        assertThat(get(RandomValues.hex(16), "/api/v4/secrets/K", v4("prod", "/")).status()).isEqualTo(401);
        String token = token();
        assertThat(get(token, "/api/v4/secrets/K", v4("prod", "/")).status()).isEqualTo(200);
        clock.advance(Duration.ofHours(2).plusSeconds(1));
        assertThat(get(token, "/api/v4/secrets/K", v4("prod", "/")).status()).isEqualTo(401);
    }

    @Test
    void projectScopeAndDenyAllAre403() throws Exception {
        server.putSecret(project, "prod", "/", "K", RandomValues.secret());
        MachineIdentity other = server.createIdentity("some-other-project");
        String otherToken = login(other.clientId(), other.clientSecret()).body().path("accessToken").asText();
        assertThat(get(otherToken, "/api/v4/secrets/K", v4("prod", "/")).status()).isEqualTo(403);
        String token = token();
        server.denyAll(true);
        Reply denied = get(token, "/api/v4/secrets/K", v4("prod", "/"));
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.body().path("error").asText()).isEqualTo("PermissionDenied");
    }

    @Test
    void hiddenValuesWhenNotAskedToView() throws Exception {
        String value = RandomValues.secret();
        server.putSecret(project, "prod", "/", "K", value);
        JsonNode s = get(token(), "/api/v4/secrets/K", v4("prod", "/", "viewSecretValue", "false")).body().path("secret");
        assertThat(s.path("secretValueHidden").asBoolean()).isTrue();
        assertThat(s.path("secretValue").asText()).isNotEqualTo(value);
    }

    @Test
    void requestLogKeepsNoTokenOrValue() throws Exception {
        String value = RandomValues.secret();
        server.putSecret(project, "prod", "/", "K", value);
        String token = token();
        get(token, "/api/v4/secrets/K", v4("prod", "/"));
        var e = server.requests().last();
        assertThat(e.path()).isEqualTo("/api/v4/secrets/K");
        assertThat(e.queryNames()).contains("projectId", "environment", "secretPath");
        assertThat(e.hasHeader("Authorization")).isTrue();
        assertThat(server.requests().entries().toString()).doesNotContain(token).doesNotContain(value)
                .doesNotContain(identity.clientSecret());
    }

    @Test
    void downRefusesConnections() throws Exception {
        server.down();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> login(identity.clientId(), identity.clientSecret()))
                .isInstanceOf(java.net.ConnectException.class);
        server.up();
        assertThat(login(identity.clientId(), identity.clientSecret()).status()).isEqualTo(200);
    }
}
