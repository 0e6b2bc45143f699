package dev.faramesh.testkit.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faramesh.testkit.RandomValues;
import dev.faramesh.testkit.TestClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/** Drives the real AWS SDK v2 Secrets Manager client (url-connection transport) against the server. */
class AwsSecretsManagerServerTest {
    private final TestClock clock = new TestClock();
    private AwsSecretsManagerServer server;
    private AwsAccessKey key;

    @BeforeEach
    void start() {
        server = AwsSecretsManagerServer.start(clock, "us-east-1");
        key = server.newAccessKey();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private SecretsManagerClient client(String keyId, String secret, Region region, Consumer<SecretsManagerClientBuilder> more) {
        SecretsManagerClientBuilder b = SecretsManagerClient.builder()
                .endpointOverride(server.baseUrl())
                .region(region)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(keyId, secret)))
                .httpClient(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(2)).build())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()));
        more.accept(b);
        return b.build();
    }

    private SecretsManagerClient client() {
        return client(key.accessKeyId(), key.secretAccessKey(), Region.US_EAST_1, b -> { });
    }

    @Test
    void readsCurrentPreviousAndPinnedVersions() {
        String v1 = RandomValues.secret();
        String v2 = RandomValues.secret();
        String id1 = server.putSecret("prod/db", v1);
        String id2 = server.rotate("prod/db", v2);
        try (SecretsManagerClient sm = client()) {
            GetSecretValueResponse current = sm.getSecretValue(r -> r.secretId("prod/db"));
            assertThat(current.secretString()).isEqualTo(v2);
            assertThat(current.versionId()).isEqualTo(id2);
            assertThat(current.versionStages()).containsExactly("AWSCURRENT");
            assertThat(current.arn()).startsWith("arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-");
            assertThat(current.createdDate()).isNotNull();

            assertThat(sm.getSecretValue(r -> r.secretId("prod/db").versionStage("AWSPREVIOUS")).secretString()).isEqualTo(v1);
            assertThat(sm.getSecretValue(r -> r.secretId("prod/db").versionId(id1)).secretString()).isEqualTo(v1);
            assertThat(sm.getSecretValue(r -> r.secretId(current.arn())).secretString()).isEqualTo(v2);
        }
    }

    @Test
    void missingSecretAndMissingVersionAreResourceNotFound() {
        server.putSecret("a", RandomValues.secret());
        try (SecretsManagerClient sm = client()) {
            assertThatThrownBy(() -> sm.getSecretValue(r -> r.secretId("nope"))).isInstanceOf(ResourceNotFoundException.class)
                    .hasMessageContaining("can't find the specified secret");
            assertThatThrownBy(() -> sm.getSecretValue(r -> r.secretId("a").versionStage("AWSPREVIOUS")))
                    .isInstanceOf(ResourceNotFoundException.class);
            assertThatThrownBy(() -> sm.getSecretValue(r -> r.secretId("a").versionId("00000000-0000-0000-0000-000000000000")))
                    .isInstanceOf(ResourceNotFoundException.class);
        }
    }

    @Test
    void wrongSecretKeyFailsSignatureVerification() {
        server.putSecret("a", RandomValues.secret());
        try (SecretsManagerClient sm = client(key.accessKeyId(), RandomValues.secret(), Region.US_EAST_1, b -> { })) {
            assertThatThrownBy(() -> sm.getSecretValue(r -> r.secretId("a")))
                    .isInstanceOfSatisfying(SecretsManagerException.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
                        assertThat(e.statusCode()).isEqualTo(400);
                    });
        }
    }

    @Test
    void unknownAccessKeyIsUnrecognizedClient() {
        try (SecretsManagerClient sm = client("AKIA" + RandomValues.hex(8).toUpperCase(), RandomValues.secret(), Region.US_EAST_1, b -> { })) {
            assertThatThrownBy(() -> sm.getSecretValue(r -> r.secretId("a")))
                    .isInstanceOfSatisfying(SecretsManagerException.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException");
                        assertThat(e.getMessage()).contains("The security token included in the request is invalid");
                    });
        }
    }

    @Test
    void wrongRegionInTheCredentialScopeIsRejected() {
        try (SecretsManagerClient sm = client(key.accessKeyId(), key.secretAccessKey(), Region.EU_WEST_1, b -> { })) {
            assertThatThrownBy(() -> sm.getSecretValue(r -> r.secretId("a")))
                    .isInstanceOfSatisfying(SecretsManagerException.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
                        assertThat(e.getMessage()).contains("region");
                    });
        }
    }

    /** Signs a request with the SDK's signer for any service, then lets the body be swapped before sending. */
    private int sendSigned(String service, String signedBody, String sentBody, StringBuilder error) throws Exception {
        SdkHttpFullRequest request = SdkHttpFullRequest.builder().method(SdkHttpMethod.POST)
                .uri(server.baseUrl().resolve("/"))
                .putHeader("Content-Type", "application/x-amz-json-1.1")
                .putHeader("X-Amz-Target", "secretsmanager.GetSecretValue").build();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create(key.accessKeyId(), key.secretAccessKey()))
                .request(request)
                .payload(ContentStreamProvider.fromUtf8String(signedBody))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1"));
        HttpRequest.Builder http = HttpRequest.newBuilder(signed.request().getUri())
                .POST(HttpRequest.BodyPublishers.ofString(sentBody));
        signed.request().forEachHeader((name, values) -> {
            if (!name.equalsIgnoreCase("Host")) {
                values.forEach(v -> http.header(name, v));
            }
        });
        HttpResponse<String> r = HttpClient.newHttpClient().send(http.build(), HttpResponse.BodyHandlers.ofString());
        error.append(r.body());
        return r.statusCode();
    }

    @Test
    void wrongServiceScopeAndTamperedBodyAreRejected() throws Exception {
        server.putSecret("a", RandomValues.secret());
        String body = "{\"SecretId\":\"a\"}";
        StringBuilder ok = new StringBuilder();
        assertThat(sendSigned("secretsmanager", body, body, ok)).isEqualTo(200);

        StringBuilder wrongService = new StringBuilder();
        assertThat(sendSigned("sts", body, body, wrongService)).isEqualTo(400);
        assertThat(wrongService.toString()).contains("InvalidSignatureException").contains("correct service");

        StringBuilder tampered = new StringBuilder();
        assertThat(sendSigned("secretsmanager", body, "{\"SecretId\":\"b\"}", tampered)).isEqualTo(400);
        assertThat(tampered.toString()).contains("InvalidSignatureException");
    }

    @Test
    void sessionCredentialsMustCarryTheirToken() {
        String value = RandomValues.secret();
        server.putSecret("a", value);
        AwsAccessKey session = server.newSessionKey();
        var good = StaticCredentialsProvider.create(AwsSessionCredentials.create(session.accessKeyId(), session.secretAccessKey(), session.sessionToken()));
        try (SecretsManagerClient sm = client(key.accessKeyId(), key.secretAccessKey(), Region.US_EAST_1, b -> b.credentialsProvider(good))) {
            assertThat(sm.getSecretValue(r -> r.secretId("a")).secretString()).isEqualTo(value);
            assertThat(server.requests().last().hasHeader("x-amz-security-token")).isTrue();
        }
        var wrong = StaticCredentialsProvider.create(AwsSessionCredentials.create(session.accessKeyId(), session.secretAccessKey(), RandomValues.secret()));
        try (SecretsManagerClient sm = client(key.accessKeyId(), key.secretAccessKey(), Region.US_EAST_1, b -> b.credentialsProvider(wrong))) {
            assertThatThrownBy(() -> sm.getSecretValue(r -> r.secretId("a")))
                    .isInstanceOfSatisfying(SecretsManagerException.class,
                            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException"));
        }
    }

    @Test
    void skewedClockIsRejectedAsAnExpiredSignature() {
        String value = RandomValues.secret();
        server.putSecret("a", value);
        clock.advance(Duration.ofHours(1));
        try (SecretsManagerClient sm = client()) {
            assertThatThrownBy(() -> sm.getSecretValue(r -> r.secretId("a")))
                    .isInstanceOfSatisfying(SecretsManagerException.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
                        assertThat(e.getMessage()).contains("Signature expired");
                    });
        }
        clock.advance(Duration.ofHours(-1));
        try (SecretsManagerClient sm = client()) {
            assertThat(sm.getSecretValue(r -> r.secretId("a")).secretString()).isEqualTo(value);
        }
    }

    @Test
    void putRotateAndDescribeFollowStagingLabels() {
        String first = RandomValues.secret();
        String rotated = RandomValues.secret();
        server.rotationValues(() -> rotated);
        try (SecretsManagerClient sm = client()) {
            String created = sm.createSecret(r -> r.name("svc/key").secretString(first)).versionId();
            String put = sm.putSecretValue(r -> r.secretId("svc/key").secretString(RandomValues.secret())).versionId();
            String viaRotate = sm.rotateSecret(r -> r.secretId("svc/key")).versionId();

            assertThat(sm.getSecretValue(r -> r.secretId("svc/key")).secretString()).isEqualTo(rotated);
            DescribeSecretResponse d = sm.describeSecret(r -> r.secretId("svc/key"));
            assertThat(d.versionIdsToStages()).containsEntry(viaRotate, java.util.List.of("AWSCURRENT"))
                    .containsEntry(put, java.util.List.of("AWSPREVIOUS")).doesNotContainKey(created);
            assertThat(server.versionWithStage("svc/key", "AWSCURRENT")).contains(viaRotate);
        }
    }

    @Test
    void binarySecretsRoundTripAsBase64() {
        byte[] bytes = RandomValues.hex(16).getBytes();
        server.putSecretBinary("bin", bytes);
        try (SecretsManagerClient sm = client()) {
            GetSecretValueResponse r = sm.getSecretValue(b -> b.secretId("bin"));
            assertThat(r.secretBinary()).isEqualTo(SdkBytes.fromByteArray(bytes));
            assertThat(r.secretString()).isNull();
        }
    }

    @Test
    void denyAllIsAccessDenied() {
        server.putSecret("a", RandomValues.secret());
        server.denyAll(true);
        try (SecretsManagerClient sm = client()) {
            assertThatThrownBy(() -> sm.getSecretValue(r -> r.secretId("a")))
                    .isInstanceOfSatisfying(SecretsManagerException.class,
                            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException"));
        }
    }

    @Test
    void downAndDelayAreClientSideFailures() {
        String value = RandomValues.secret();
        server.putSecret("a", value);
        try (SecretsManagerClient sm = client(key.accessKeyId(), key.secretAccessKey(), Region.US_EAST_1,
                b -> b.overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()).apiCallTimeout(Duration.ofMillis(500))))) {
            server.down();
            assertThatThrownBy(() -> sm.getSecretValue(r -> r.secretId("a"))).isInstanceOf(SdkClientException.class);
            server.up();
            assertThat(sm.getSecretValue(r -> r.secretId("a")).secretString()).isEqualTo(value);
            server.delay(Duration.ofSeconds(2));
            assertThatThrownBy(() -> sm.getSecretValue(r -> r.secretId("a"))).hasMessageContaining("timeout");
        }
    }

    @Test
    void requestLogNamesSignedHeadersButHoldsNoValues() {
        String value = RandomValues.secret();
        server.putSecret("a", value);
        try (SecretsManagerClient sm = client()) {
            sm.getSecretValue(r -> r.secretId("a"));
        }
        var e = server.requests().last();
        assertThat(e.method()).isEqualTo("POST");
        assertThat(e.path()).isEqualTo("/");
        assertThat(e.headerNames()).contains("authorization", "x-amz-target", "x-amz-date", "x-amz-content-sha256");
        assertThat(e.toString()).doesNotContain(key.accessKeyId()).doesNotContain(value);
        assertThat(URI.create(server.baseUrl().toString()).getScheme()).isEqualTo("http");
    }
}
