package dev.faramesh.testkit.gcp;

import com.google.cloud.secretmanager.v1.AccessSecretVersionRequest;
import com.google.cloud.secretmanager.v1.AccessSecretVersionResponse;
import com.google.cloud.secretmanager.v1.AddSecretVersionRequest;
import com.google.cloud.secretmanager.v1.CreateSecretRequest;
import com.google.cloud.secretmanager.v1.DestroySecretVersionRequest;
import com.google.cloud.secretmanager.v1.DisableSecretVersionRequest;
import com.google.cloud.secretmanager.v1.EnableSecretVersionRequest;
import com.google.cloud.secretmanager.v1.GetSecretVersionRequest;
import com.google.cloud.secretmanager.v1.Replication;
import com.google.cloud.secretmanager.v1.Secret;
import com.google.cloud.secretmanager.v1.SecretManagerServiceGrpc;
import com.google.cloud.secretmanager.v1.SecretPayload;
import com.google.cloud.secretmanager.v1.SecretVersion;
import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * The {@code google.cloud.secretmanager.v1.SecretManagerService} gRPC service over the shared store:
 * AccessSecretVersion (with {@code data_crc32c}), AddSecretVersion (checking a client-sent CRC32C),
 * CreateSecret, GetSecretVersion and the enable/disable/destroy transitions.
 */
final class SecretManagerGrpcService extends SecretManagerServiceGrpc.SecretManagerServiceImplBase {
    private final GcpSecretManagerServer server;

    SecretManagerGrpcService(GcpSecretManagerServer server) {
        this.server = server;
    }

    @Override
    public void accessSecretVersion(AccessSecretVersionRequest request, StreamObserver<AccessSecretVersionResponse> out) {
        answer(out, () -> {
            server.check("secretmanager.versions.access", request.getName());
            SecretVersionStore.Access a = server.store.access(request.getName(), server.corruptCrc);
            return AccessSecretVersionResponse.newBuilder().setName(a.name())
                    .setPayload(SecretPayload.newBuilder().setData(ByteString.copyFrom(a.data())).setDataCrc32C(a.crc32c()))
                    .build();
        });
    }

    @Override
    public void addSecretVersion(AddSecretVersionRequest request, StreamObserver<SecretVersion> out) {
        answer(out, () -> {
            server.check("secretmanager.versions.add", request.getParent());
            byte[] data = request.getPayload().getData().toByteArray();
            if (request.getPayload().hasDataCrc32C() && request.getPayload().getDataCrc32C() != SecretVersionStore.crc32c(data)) {
                throw Status.INVALID_ARGUMENT.withDescription("Checksum mismatch: the data_crc32c provided does not match the payload.")
                        .asRuntimeException();
            }
            return version(server.store.add(request.getParent(), data));
        });
    }

    @Override
    public void createSecret(CreateSecretRequest request, StreamObserver<Secret> out) {
        answer(out, () -> {
            String name = request.getParent() + "/secrets/" + request.getSecretId();
            server.check("secretmanager.secrets.create", request.getParent());
            server.store.createSecret(name);
            return Secret.newBuilder().setName(name)
                    .setReplication(request.getSecret().hasReplication() ? request.getSecret().getReplication()
                            : Replication.newBuilder().setAutomatic(Replication.Automatic.getDefaultInstance()).build())
                    .setCreateTime(timestamp(server.store.createdAt(name))).build();
        });
    }

    @Override
    public void getSecretVersion(GetSecretVersionRequest request, StreamObserver<SecretVersion> out) {
        answer(out, () -> {
            server.check("secretmanager.versions.get", request.getName());
            return version(server.store.get(request.getName()));
        });
    }

    @Override
    public void disableSecretVersion(DisableSecretVersionRequest request, StreamObserver<SecretVersion> out) {
        answer(out, () -> version(server.store.setState(request.getName(), SecretVersionStore.State.DISABLED)));
    }

    @Override
    public void enableSecretVersion(EnableSecretVersionRequest request, StreamObserver<SecretVersion> out) {
        answer(out, () -> version(server.store.setState(request.getName(), SecretVersionStore.State.ENABLED)));
    }

    @Override
    public void destroySecretVersion(DestroySecretVersionRequest request, StreamObserver<SecretVersion> out) {
        answer(out, () -> version(server.store.setState(request.getName(), SecretVersionStore.State.DESTROYED)));
    }

    private <T> void answer(StreamObserver<T> out, Supplier<T> call) {
        try {
            server.pause();
            T value = call.get();
            out.onNext(value);
            out.onCompleted();
        } catch (StatusRuntimeException e) {
            out.onError(e);
        }
    }

    private static SecretVersion version(SecretVersionStore.Version v) {
        return SecretVersion.newBuilder().setName(v.name).setCreateTime(timestamp(v.created))
                .setState(SecretVersion.State.valueOf(v.state.name())).build();
    }

    private static Timestamp timestamp(Instant t) {
        return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
    }
}
