package dev.faramesh.testkit.spiffe;

import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The SPIFFE Workload API as a real gRPC server on a real Unix domain socket, standing in for a
 * SPIRE agent. It serves one workload identity from a {@link TestTrustDomain} and lets a test rotate
 * the SVID (pushed on the open streams), serve expired / not-yet-valid / foreign SVIDs, federate a
 * second trust domain, rotate the JWT authority, fail calls with a chosen status, drop streams, and
 * stop (the socket file disappears) or restart on the same socket. Clients point at {@link #address()}.
 */
public final class WorkloadApiServer implements AutoCloseable {

    private final Path socketPath;
    private final TestTrustDomain trustDomain;
    private final WorkloadApiService service;
    private final WorkloadApiGate gate = new WorkloadApiGate();

    private Server server;
    private EventLoopGroup boss;
    private EventLoopGroup workers;

    private WorkloadApiServer(Path socketPath, TestTrustDomain trustDomain, IssuedX509Svid initial) {
        this.socketPath = socketPath;
        this.trustDomain = trustDomain;
        this.service = new WorkloadApiService(trustDomain, initial);
    }

    /**
     * Starts serving the workload {@code spiffe://<trust domain><workloadPath>} on {@code socketPath}
     * (keep it short: Linux limits socket paths to 107 bytes).
     */
    public static WorkloadApiServer start(Path socketPath, TestTrustDomain trustDomain, String workloadPath) {
        WorkloadApiServer server = new WorkloadApiServer(socketPath, trustDomain, trustDomain.issueX509Svid(workloadPath));
        server.listen();
        return server;
    }

    /** The address for {@code SPIFFE_ENDPOINT_SOCKET} / {@code spiffeSocketPath}: {@code unix:<path>}. */
    public String address() {
        return "unix:" + socketPath.toAbsolutePath();
    }

    public Path socketPath() {
        return socketPath;
    }

    public TestTrustDomain trustDomain() {
        return trustDomain;
    }

    /** The SPIFFE ID of the X.509-SVID currently served. */
    public String spiffeId() {
        return service.currentX509Svid().spiffeId();
    }

    public IssuedX509Svid currentX509Svid() {
        return service.currentX509Svid();
    }

    /** Issues a fresh SVID (new key, new serial) for the same SPIFFE ID and pushes it on open streams. */
    public IssuedX509Svid rotateX509Svid() {
        Instant now = Instant.now();
        IssuedX509Svid next = trustDomain.issueX509Svid(spiffeId(), now.minus(Duration.ofMinutes(1)),
                now.plus(Duration.ofHours(1)));
        service.serveX509Svid(next);
        return next;
    }

    /**
     * Serves a further X.509-SVID after the default one, as SPIRE does when several registration
     * entries match the workload (one per logical agent), and pushes it; JWT-SVIDs can then be
     * fetched for its SPIFFE ID too. An SVID with the same SPIFFE ID replaces the earlier one.
     */
    public IssuedX509Svid addX509Svid(String workloadPath) {
        IssuedX509Svid svid = trustDomain.issueX509Svid(workloadPath);
        service.addX509Svid(svid);
        return svid;
    }

    /** Serves any further SVID (e.g. one issued by a federated domain) after the default one. */
    public void addX509Svid(IssuedX509Svid svid) {
        service.addX509Svid(svid);
    }

    /** Stops serving the further SVID for {@code spiffeId} and pushes the change. */
    public void removeX509Svid(String spiffeId) {
        service.removeX509Svid(spiffeId);
    }

    /** Serves any SVID from now on (expired, not yet valid, from another trust domain) and pushes it. */
    public void serveX509Svid(IssuedX509Svid svid) {
        service.serveX509Svid(svid);
    }

    /** Adds {@code other}'s X.509 and JWT bundles as federated bundles and pushes them on open streams. */
    public void federateWith(TestTrustDomain other) {
        service.federateWith(other);
    }

    /** Rotates the home trust domain's JWT authority and pushes the new JWT bundle. Returns the new kid. */
    public String rotateJwtAuthority(boolean keepPrevious) {
        String kid = trustDomain.rotateJwtAuthority(keepPrevious);
        service.jwtBundleChanged();
        return kid;
    }

    /** JWT-SVIDs from FetchJWTSVID are signed by {@code issuer} for {@code spiffeId} from now on. */
    public void serveJwtSvidsAs(TestTrustDomain issuer, String spiffeId) {
        service.serveJwtSvidsAs(issuer, spiffeId);
    }

    /** Lifetime of JWT-SVIDs from FetchJWTSVID (default 5 minutes); a negative one yields expired tokens. */
    public void jwtSvidLifetime(Duration lifetime) {
        service.jwtSvidLifetime(lifetime);
    }

    /** Calls to {@code method} (e.g. {@code "FetchJWTSVID"}) fail with {@code status} until cleared. */
    public void failCalls(String method, Status status) {
        gate.failCalls(method, status);
    }

    /** Every call fails with {@code status} until cleared. */
    public void failAllCalls(Status status) {
        gate.failCalls(WorkloadApiGate.ALL_METHODS, status);
    }

    public void clearFailures() {
        gate.clearFailures();
    }

    /** Ends every open stream with {@code status}; java-spiffe clients retry on UNAVAILABLE. */
    public void breakStreams(Status status) {
        service.breakStreams(status);
    }

    public int openStreams() {
        return service.openStreams();
    }

    /** Every call received, with metadata key names only. */
    public List<WorkloadApiCall> calls() {
        return gate.calls();
    }

    public boolean isRunning() {
        return server != null;
    }

    /** Shuts the server down and removes the socket file; clients see the socket missing. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        server.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        server = null;
        deleteSocketFile();
    }

    /** Serves again on the same socket with the same state, after {@link #stop()}. */
    public synchronized void restart() {
        if (server == null) {
            listen();
        }
    }

    @Override
    public void close() {
        stop();
    }

    private synchronized void listen() {
        deleteSocketFile();
        boss = new EpollEventLoopGroup(1, new DefaultThreadFactory("spiffe-uds-boss", true));
        workers = new EpollEventLoopGroup(2, new DefaultThreadFactory("spiffe-uds-worker", true));
        try {
            server = NettyServerBuilder.forAddress(new DomainSocketAddress(socketPath.toAbsolutePath().toString()))
                    .channelType(EpollServerDomainSocketChannel.class)
                    .bossEventLoopGroup(boss)
                    .workerEventLoopGroup(workers)
                    .addService(ServerInterceptors.intercept(service, gate))
                    .build()
                    .start();
        } catch (IOException e) {
            boss.shutdownGracefully();
            workers.shutdownGracefully();
            throw new UncheckedIOException("cannot serve the Workload API on " + socketPath, e);
        }
    }

    private void deleteSocketFile() {
        try {
            Files.deleteIfExists(socketPath);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + socketPath, e);
        }
    }
}
