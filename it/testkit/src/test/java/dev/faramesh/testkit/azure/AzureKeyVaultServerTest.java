package dev.faramesh.testkit.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.exception.ResourceNotFoundException;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.SecretClientBuilder;
import com.azure.security.keyvault.secrets.SecretServiceVersion;
import com.azure.security.keyvault.secrets.models.KeyVaultSecret;
import dev.faramesh.testkit.RandomValues;
import dev.faramesh.testkit.RequestLog;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** Drives the real azure-security-keyvault-secrets 4.11.1 client (JDK HttpClient transport) over HTTPS. */
class AzureKeyVaultServerTest {
    private AzureKeyVaultServer server;
    private final List<TokenRequestContext> tokenRequests = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        server = AzureKeyVaultServer.start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private SecretClient client(Supplier<String> token, SecretServiceVersion version) {
        TokenCredential credential = ctx -> {
            tokenRequests.add(ctx);
            return Mono.just(new AccessToken(token.get(), OffsetDateTime.now().plusHours(1)));
        };
        SecretClientBuilder b = new SecretClientBuilder()
                .vaultUrl(server.baseUrl().toString())
                .credential(credential)
                .httpClient(new JdkHttpClientBuilder(HttpClient.newBuilder().sslContext(server.tls().clientContext()))
                        .connectionTimeout(Duration.ofSeconds(1)).responseTimeout(Duration.ofSeconds(1)).build())
                .retryOptions(new RetryOptions(new FixedDelayOptions(0, Duration.ofMillis(1))))
                .disableChallengeResourceVerification();
        if (version != null) {
            b.serviceVersion(version);
        }
        return b.buildClient();
    }

    private SecretClient client() {
        String token = server.issueToken();
        return client(() -> token, null);
    }

    @Test
    void challengeFlowAsksForAVaultTokenForTheServersTenant() {
        String value = RandomValues.secret();
        server.setSecret("stripe-key", value);
        SecretClient c = client();

        assertThat(c.getSecret("stripe-key").getValue()).isEqualTo(value);

        List<RequestLog.Entry> log = server.requests().entries();
        assertThat(log).hasSize(2);
        assertThat(log.get(0).hasHeader("Authorization")).isFalse();
        assertThat(log.get(1).hasHeader("Authorization")).isTrue();
        assertThat(tokenRequests).hasSize(1);
        assertThat(tokenRequests.get(0).getScopes()).containsExactly("https://vault.azure.net/.default");
        assertThat(tokenRequests.get(0).getTenantId()).isEqualTo(server.tenantId());

        // The token is cached after the handshake: the next read is a single authorized request.
        c.getSecret("stripe-key");
        assertThat(server.requests().size()).isEqualTo(3);
        assertThat(server.requests().last().hasHeader("Authorization")).isTrue();
    }

    @Test
    void readsLatestAndSpecificVersionsAcrossRotation() {
        String v1 = RandomValues.secret();
        String v2 = RandomValues.secret();
        String id1 = server.setSecret("db", v1);
        SecretClient c = client();
        assertThat(c.getSecret("db").getProperties().getVersion()).isEqualTo(id1);

        String id2 = server.rotate("db", v2);
        KeyVaultSecret latest = c.getSecret("db");
        assertThat(latest.getValue()).isEqualTo(v2);
        assertThat(latest.getProperties().getVersion()).isEqualTo(id2);
        assertThat(latest.getProperties().isEnabled()).isTrue();
        assertThat(c.getSecret("db", id1).getValue()).isEqualTo(v1);
        assertThat(server.requests().last().path()).isEqualTo("/secrets/db/" + id1);
    }

    @Test
    void serviceVersion7xIsAccepted() {
        String value = RandomValues.secret();
        server.setSecret("db", value);
        String token = server.issueToken();
        assertThat(client(() -> token, SecretServiceVersion.V7_4).getSecret("db").getValue()).isEqualTo(value);
        assertThat(client(() -> token, SecretServiceVersion.V2025_07_01).getSecret("db").getValue()).isEqualTo(value);
    }

    @Test
    void unknownApiVersionIsBadParameter() throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(server.tls().clientContext()).build();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/secrets/db?api-version=1.0"))
                .header("Authorization", "Bearer " + server.issueToken()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("\"code\":\"BadParameter\"");
    }

    @Test
    void missingSecretIsSecretNotFound() {
        SecretClient c = client();
        assertThatThrownBy(() -> c.getSecret("nope")).isInstanceOfSatisfying(ResourceNotFoundException.class, e -> {
            assertThat(e.getResponse().getStatusCode()).isEqualTo(404);
            assertThat(e.getMessage()).contains("SecretNotFound");
        });
        server.setSecret("db", RandomValues.secret());
        assertThatThrownBy(() -> c.getSecret("db", RandomValues.hex(16))).isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void rejectedTokenIsAnAuthenticationFailure() {
        String bogus = "kv." + RandomValues.hex(12);
        SecretClient c = client(() -> bogus, null);
        server.setSecret("db", RandomValues.secret());
        assertThatThrownBy(() -> c.getSecret("db")).isInstanceOfSatisfying(ClientAuthenticationException.class,
                e -> assertThat(e.getResponse().getStatusCode()).isEqualTo(401));
    }

    @Test
    void denyAllAndDisabledVersionsAre403() {
        String id = server.setSecret("db", RandomValues.secret());
        SecretClient c = client();
        server.setEnabled("db", id, false);
        assertThatThrownBy(() -> c.getSecret("db")).isInstanceOfSatisfying(HttpResponseException.class, e -> {
            assertThat(e.getResponse().getStatusCode()).isEqualTo(403);
            assertThat(e.getMessage()).contains("disabled");
        });
        server.setEnabled("db", id, true);
        server.denyAll(true);
        assertThatThrownBy(() -> c.getSecret("db")).isInstanceOfSatisfying(HttpResponseException.class,
                e -> assertThat(e.getResponse().getStatusCode()).isEqualTo(403));
    }

    @Test
    void setSecretThroughTheClientAddsAVersion() {
        SecretClient c = client();
        String value = RandomValues.secret();
        KeyVaultSecret set = c.setSecret("api", value);
        assertThat(server.value("api", "")).hasValue(value);
        assertThat(server.value("api", set.getProperties().getVersion())).hasValue(value);
        assertThat(c.listPropertiesOfSecretVersions("api").stream().count()).isEqualTo(1);
    }

    @Test
    void downRefusesAndDelayTimesOut() {
        String value = RandomValues.secret();
        server.setSecret("db", value);
        SecretClient c = client();
        assertThat(c.getSecret("db").getValue()).isEqualTo(value);
        server.down();
        assertThatThrownBy(() -> c.getSecret("db")).isInstanceOf(RuntimeException.class);
        server.up();
        assertThat(c.getSecret("db").getValue()).isEqualTo(value);
        server.delay(Duration.ofSeconds(2));
        assertThatThrownBy(() -> c.getSecret("db")).isInstanceOf(RuntimeException.class);
    }
}
