package dev.faramesh.testkit.gcp;

import dev.faramesh.testkit.BackendServer;
import dev.faramesh.testkit.HttpEndpoint;
import dev.faramesh.testkit.RequestLog;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Google Cloud Secret Manager on loopback with both transports the Java client offers: a real gRPC
 * server (grpc-netty-shaded, plaintext HTTP/2) and the HTTP/JSON REST mapping, over one stateful
 * store. Payloads carry {@code data_crc32c}; {@link #corruptCrc(boolean)} makes the server send a wrong
 * checksum so a consumer's own CRC32C check can be tested (the Google client does not check it).
 */
public final class GcpSecretManagerServer implements BackendServer {
    final SecretVersionStore store;
    volatile boolean corruptCrc;
    volatile boolean denyAll;
    private volatile Duration delay = Duration.ZERO;
    private final HttpEndpoint rest;
    private Server grpc;
    private int grpcPort;

    private GcpSecretManagerServer(Clock clock) {
        this.store = new SecretVersionStore(clock);
        this.rest = HttpEndpoint.http(new SecretManagerRestApi(this));
        startGrpc(0);
    }

    public static GcpSecretManagerServer start() {
        return new GcpSecretManagerServer(Clock.systemUTC());
    }

    public static GcpSecretManagerServer start(Clock clock) {
        return new GcpSecretManagerServer(clock);
    }

    private synchronized void startGrpc(int port) {
        ServerInterceptor recorder = new ServerInterceptor() {
            @Override
            public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
                rest.requests().record("POST", "/" + call.getMethodDescriptor().getFullMethodName(), List.of(), headers.keys());
                return next.startCall(call, headers);
            }
        };
        try {
            grpc = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
                    .addService(ServerInterceptors.intercept(new SecretManagerGrpcService(this), recorder))
                    .build().start();
            grpcPort = grpc.getPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the gRPC server on port " + port, e);
        }
    }

    /** {@code host:port} for the gRPC transport (plaintext). */
    public synchronized String grpcTarget() {
        return "127.0.0.1:" + grpcPort;
    }

    /** Base URL of the HTTP/JSON transport, e.g. {@code http://127.0.0.1:PORT}. */
    @Override
    public URI baseUrl() {
        return rest.baseUrl();
    }

    /** Creates {@code projects/{project}/secrets/{secret}} if needed and adds a version; returns its number. */
    public int addVersion(String project, String secret, String value) {
        return addVersion(project, secret, value.getBytes(StandardCharsets.UTF_8));
    }

    public int addVersion(String project, String secret, byte[] value) {
        String name = "projects/" + project + "/secrets/" + secret;
        synchronized (store) {
            if (!store.exists(name)) {
                store.createSecret(name);
            }
            return store.add(name, value).number;
        }
    }

    /** Rotation: the new value becomes {@code latest}. */
    public int rotate(String project, String secret, String value) {
        return addVersion(project, secret, value);
    }

    public void disableVersion(String project, String secret, int version) {
        store.setState("projects/" + project + "/secrets/" + secret + "/versions/" + version, SecretVersionStore.State.DISABLED);
    }

    public void destroyVersion(String project, String secret, int version) {
        store.setState("projects/" + project + "/secrets/" + secret + "/versions/" + version, SecretVersionStore.State.DESTROYED);
    }

    /** The stored value of a version ("latest" or a number), if it exists and is enabled. */
    public Optional<byte[]> value(String project, String secret, String version) {
        try {
            return Optional.of(store.access("projects/" + project + "/secrets/" + secret + "/versions/" + version, false).data());
        } catch (io.grpc.StatusRuntimeException e) {
            return Optional.empty();
        }
    }

    /** While on, every payload is sent with a CRC32C that does not match its data. */
    public void corruptCrc(boolean corrupt) {
        this.corruptCrc = corrupt;
    }

    void check(String permission, String resource) {
        if (denyAll) {
            throw SecretVersionStore.permissionDenied(permission, resource);
        }
    }

    void pause() {
        Duration d = delay;
        if (!d.isZero()) {
            try {
                Thread.sleep(d.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public synchronized void stop() {
        down();
    }

    /** Both transports stop listening; connections are refused until {@link #up()}. */
    @Override
    public synchronized void down() {
        rest.down();
        if (grpc != null) {
            grpc.shutdownNow();
            try {
                grpc.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            grpc = null;
        }
    }

    @Override
    public synchronized void up() {
        rest.up();
        if (grpc == null) {
            startGrpc(grpcPort);
        }
    }

    @Override
    public void delay(Duration delay) {
        this.delay = delay == null ? Duration.ZERO : delay;
    }

    @Override
    public void denyAll(boolean deny) {
        this.denyAll = deny;
    }

    /** Requests on both transports; gRPC calls are recorded as {@code POST /service/Method} with metadata key names. */
    @Override
    public RequestLog requests() {
        return rest.requests();
    }
}
