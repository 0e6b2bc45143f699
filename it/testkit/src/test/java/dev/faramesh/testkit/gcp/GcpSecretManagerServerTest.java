package dev.faramesh.testkit.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.retrying.RetrySettings;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.DeadlineExceededException;
import com.google.api.gax.rpc.FailedPreconditionException;
import com.google.api.gax.rpc.InvalidArgumentException;
import com.google.api.gax.rpc.NotFoundException;
import com.google.api.gax.rpc.PermissionDeniedException;
import com.google.cloud.secretmanager.v1.AccessSecretVersionResponse;
import com.google.cloud.secretmanager.v1.SecretManagerServiceClient;
import com.google.cloud.secretmanager.v1.SecretManagerServiceSettings;
import com.google.cloud.secretmanager.v1.SecretPayload;
import com.google.cloud.secretmanager.v1.SecretVersion;
import com.google.protobuf.ByteString;
import dev.faramesh.testkit.RandomValues;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Drives the real google-cloud-secretmanager 2.95.0 client against the server over both of its
 * transports: gRPC (plaintext HTTP/2 on loopback) and HTTP/JSON.
 */
class GcpSecretManagerServerTest {
    enum Transport { GRPC, HTTP_JSON }

    private GcpSecretManagerServer server;

    @BeforeEach
    void start() {
        server = GcpSecretManagerServer.start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private SecretManagerServiceClient client(Transport t, Duration timeout) throws Exception {
        SecretManagerServiceSettings.Builder b = t == Transport.GRPC
                ? SecretManagerServiceSettings.newBuilder().setTransportChannelProvider(
                        SecretManagerServiceSettings.defaultGrpcTransportProviderBuilder().setEndpoint(server.grpcTarget())
                                .setChannelConfigurator(c -> c.usePlaintext()).build())
                : SecretManagerServiceSettings.newHttpJsonBuilder().setEndpoint(server.baseUrl().toString());
        b.setCredentialsProvider(NoCredentialsProvider.create());
        RetrySettings once = RetrySettings.newBuilder().setMaxAttempts(1).setTotalTimeoutDuration(timeout)
                .setInitialRpcTimeoutDuration(timeout).setMaxRpcTimeoutDuration(timeout).setRpcTimeoutMultiplier(1.0).build();
        b.accessSecretVersionSettings().setRetrySettings(once);
        b.addSecretVersionSettings().setRetrySettings(once);
        return SecretManagerServiceClient.create(b.build());
    }

    private SecretManagerServiceClient client(Transport t) throws Exception {
        return client(t, Duration.ofSeconds(3));
    }

    private static long crc(byte[] data) {
        CRC32C c = new CRC32C();
        c.update(data);
        return c.getValue();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void readsLatestAndPinnedVersionsWithCorrectCrc(Transport t) throws Exception {
        String v1 = RandomValues.secret();
        String v2 = RandomValues.secret();
        server.addVersion("p", "db", v1);
        try (SecretManagerServiceClient c = client(t)) {
            assertThat(c.accessSecretVersion("projects/p/secrets/db/versions/latest").getPayload().getData().toStringUtf8()).isEqualTo(v1);
            assertThat(server.rotate("p", "db", v2)).isEqualTo(2);

            AccessSecretVersionResponse latest = c.accessSecretVersion("projects/p/secrets/db/versions/latest");
            assertThat(latest.getName()).isEqualTo("projects/p/secrets/db/versions/2");
            byte[] data = latest.getPayload().getData().toByteArray();
            assertThat(new String(data, StandardCharsets.UTF_8)).isEqualTo(v2);
            assertThat(latest.getPayload().hasDataCrc32C()).isTrue();
            assertThat(latest.getPayload().getDataCrc32C()).isEqualTo(crc(data));
            assertThat(c.accessSecretVersion("projects/p/secrets/db/versions/1").getPayload().getData().toStringUtf8()).isEqualTo(v1);
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void missingSecretOrVersionIsNotFound(Transport t) throws Exception {
        server.addVersion("p", "db", RandomValues.secret());
        try (SecretManagerServiceClient c = client(t)) {
            assertThatThrownBy(() -> c.accessSecretVersion("projects/p/secrets/nope/versions/latest"))
                    .isInstanceOf(NotFoundException.class).hasMessageContaining("not found");
            assertThatThrownBy(() -> c.accessSecretVersion("projects/p/secrets/db/versions/7")).isInstanceOf(NotFoundException.class);
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void denyAllIsPermissionDenied(Transport t) throws Exception {
        server.addVersion("p", "db", RandomValues.secret());
        server.denyAll(true);
        try (SecretManagerServiceClient c = client(t)) {
            assertThatThrownBy(() -> c.accessSecretVersion("projects/p/secrets/db/versions/latest"))
                    .isInstanceOf(PermissionDeniedException.class).hasMessageContaining("secretmanager.versions.access");
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void disabledVersionIsFailedPrecondition(Transport t) throws Exception {
        server.addVersion("p", "db", RandomValues.secret());
        server.addVersion("p", "db", RandomValues.secret());
        server.disableVersion("p", "db", 2);
        try (SecretManagerServiceClient c = client(t)) {
            // Over REST, FAILED_PRECONDITION travels as HTTP 400, which gax maps from the status code alone.
            assertThatThrownBy(() -> c.accessSecretVersion("projects/p/secrets/db/versions/latest"))
                    .isInstanceOf(t == Transport.GRPC ? FailedPreconditionException.class : InvalidArgumentException.class)
                    .hasMessageContaining("DISABLED");
            assertThat(c.accessSecretVersion("projects/p/secrets/db/versions/1").hasPayload()).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void corruptedCrcIsDeliveredAndOnlyAnOwnCheckCatchesIt(Transport t) throws Exception {
        server.addVersion("p", "db", RandomValues.secret());
        server.corruptCrc(true);
        try (SecretManagerServiceClient c = client(t)) {
            SecretPayload p = c.accessSecretVersion("projects/p/secrets/db/versions/latest").getPayload();
            // The Google client accepts the mismatch; a consumer must verify data_crc32c itself.
            assertThat(p.getDataCrc32C()).isNotEqualTo(crc(p.getData().toByteArray()));
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void addSecretVersionStoresAndChecksTheClientCrc(Transport t) throws Exception {
        server.addVersion("p", "api", RandomValues.secret());
        String value = RandomValues.secret();
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        try (SecretManagerServiceClient c = client(t)) {
            SecretVersion v = c.addSecretVersion("projects/p/secrets/api",
                    SecretPayload.newBuilder().setData(ByteString.copyFrom(bytes)).setDataCrc32C(crc(bytes)).build());
            assertThat(v.getName()).isEqualTo("projects/p/secrets/api/versions/2");
            assertThat(v.getState()).isEqualTo(SecretVersion.State.ENABLED);
            assertThat(server.value("p", "api", "latest")).hasValue(bytes);
            assertThatThrownBy(() -> c.addSecretVersion("projects/p/secrets/api",
                    SecretPayload.newBuilder().setData(ByteString.copyFrom(bytes)).setDataCrc32C(crc(bytes) + 1).build()))
                    .isInstanceOf(InvalidArgumentException.class);
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void downFailsAndUpRecoversOnTheSamePorts(Transport t) throws Exception {
        String value = RandomValues.secret();
        server.addVersion("p", "db", value);
        try (SecretManagerServiceClient c = client(t, Duration.ofSeconds(1))) {
            server.down();
            assertThatThrownBy(() -> c.accessSecretVersion("projects/p/secrets/db/versions/latest")).isInstanceOf(ApiException.class);
            server.up();
        }
        try (SecretManagerServiceClient c = client(t)) {
            assertThat(c.accessSecretVersion("projects/p/secrets/db/versions/latest").getPayload().getData().toStringUtf8()).isEqualTo(value);
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void delayHitsTheClientDeadline(Transport t) throws Exception {
        server.addVersion("p", "db", RandomValues.secret());
        server.delay(Duration.ofMillis(1500));
        try (SecretManagerServiceClient c = client(t, Duration.ofMillis(300))) {
            assertThatThrownBy(() -> c.accessSecretVersion("projects/p/secrets/db/versions/latest"))
                    .isInstanceOf(DeadlineExceededException.class);
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void requestLogShowsTheTransportsShapes(Transport t) throws Exception {
        server.addVersion("p", "db", RandomValues.secret());
        try (SecretManagerServiceClient c = client(t)) {
            c.accessSecretVersion("projects/p/secrets/db/versions/latest");
        }
        var e = server.requests().last();
        if (t == Transport.GRPC) {
            assertThat(e.path()).isEqualTo("/google.cloud.secretmanager.v1.SecretManagerService/AccessSecretVersion");
        } else {
            assertThat(e.method()).isEqualTo("GET");
            assertThat(e.path()).isEqualTo("/v1/projects/p/secrets/db/versions/latest:access");
        }
        assertThat(e.headerNames()).contains("x-goog-api-client", "x-goog-request-params");
    }
}
