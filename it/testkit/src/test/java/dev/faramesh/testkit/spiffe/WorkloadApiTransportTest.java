package dev.faramesh.testkit.spiffe;

import dev.faramesh.testkit.support.Poll;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.stub.MetadataUtils;
import io.spiffe.exception.X509SourceException;
import io.spiffe.workloadapi.DefaultWorkloadApiClient;
import io.spiffe.workloadapi.DefaultX509Source;
import io.spiffe.workloadapi.X509Source;
import io.spiffe.workloadapi.grpc.SpiffeWorkloadAPIGrpc;
import io.spiffe.workloadapi.grpc.Workload;
import io.spiffe.workloadapi.retry.ExponentialBackoffPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The socket-level behaviour of {@link WorkloadApiServer}: it is a real UDS (the file exists while
 * serving and is gone after stop, and java-spiffe fails clearly then), a raw gRPC call without the
 * {@code workload.spiffe.io} header is refused the way SPIRE refuses it, and clients reconnect after
 * dropped streams and a restart.
 */
class WorkloadApiTransportTest {

    @TempDir
    Path dir;

    @Test
    void stoppedServerLeavesNoSocketAndTheSourceFailsClearly() throws Exception {
        WorkloadApiServer server = WorkloadApiServer.start(dir.resolve("agent.sock"),
                TestTrustDomain.create("example.org"), "/agent/planner");
        assertThat(Files.exists(server.socketPath())).isTrue();

        server.stop();

        assertThat(Files.exists(server.socketPath())).isFalse();
        long start = System.nanoTime();
        assertThatThrownBy(() -> DefaultX509Source.newSource(DefaultX509Source.X509SourceOptions.builder()
                .spiffeSocketPath(server.address()).initTimeout(Duration.ofSeconds(1)).build()))
                .isInstanceOf(X509SourceException.class)
                .hasMessageContaining("Error creating X.509 source")
                .hasStackTraceContaining("Timeout waiting for X.509 Context update");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void callWithoutTheSecurityHeaderIsRefusedAndWithItAccepted() throws Exception {
        try (WorkloadApiServer server = WorkloadApiServer.start(dir.resolve("agent.sock"),
                TestTrustDomain.create("example.org"), "/agent/planner")) {
            EventLoopGroup group = new EpollEventLoopGroup(1);
            ManagedChannel channel = NettyChannelBuilder.forAddress(new DomainSocketAddress(server.socketPath().toString()))
                    .channelType(EpollDomainSocketChannel.class).eventLoopGroup(group).usePlaintext().build();
            try {
                var bare = SpiffeWorkloadAPIGrpc.newBlockingStub(channel);
                Workload.JWTSVIDRequest request = Workload.JWTSVIDRequest.newBuilder().addAudience("vault").build();

                assertThatThrownBy(() -> bare.fetchJWTSVID(request))
                        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                            assertThat(e.getStatus().getDescription()).isEqualTo("security header missing from request");
                        });

                Metadata header = new Metadata();
                header.put(Metadata.Key.of("workload.spiffe.io", Metadata.ASCII_STRING_MARSHALLER), "true");
                var withHeader = bare.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(header));
                Workload.JWTSVIDResponse response = withHeader.fetchJWTSVID(request);
                assertThat(response.getSvids(0).getSpiffeId()).isEqualTo("spiffe://example.org/agent/planner");

                assertThatThrownBy(() -> withHeader.fetchJWTSVID(Workload.JWTSVIDRequest.getDefaultInstance()))
                        .isInstanceOfSatisfying(StatusRuntimeException.class, e ->
                                assertThat(e.getStatus().getDescription()).isEqualTo("audience must be specified"));
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            }
            assertThat(server.calls()).extracting(WorkloadApiCall::rejectedWith)
                    .containsExactly("INVALID_ARGUMENT", null, null);
            assertThat(server.calls().get(0).metadataKeys()).doesNotContain("workload.spiffe.io");
        }
    }

    @Test
    void clientReconnectsAfterDroppedStreamsAndARestart() throws Exception {
        try (WorkloadApiServer server = WorkloadApiServer.start(dir.resolve("agent.sock"),
                TestTrustDomain.create("example.org"), "/agent/planner")) {
            var backoff = new ExponentialBackoffPolicy(Duration.ofMillis(100), Duration.ofMillis(400), 0, 2);
            var client = DefaultWorkloadApiClient.newClient(DefaultWorkloadApiClient.ClientOptions.builder()
                    .spiffeSocketPath(server.address()).exponentialBackoffPolicy(backoff).build());
            try (X509Source source = DefaultX509Source.newSource(DefaultX509Source.X509SourceOptions.builder()
                    .workloadApiClient(client).initTimeout(Duration.ofSeconds(10)).build())) {

                server.breakStreams(Status.UNAVAILABLE.withDescription("agent restarting"));
                Poll.until(Duration.ofSeconds(3), () -> server.openStreams() == 1);
                IssuedX509Svid afterBreak = server.rotateX509Svid();
                Poll.until(Duration.ofSeconds(1), () -> source.getX509Svid().getLeaf().getSerialNumber()
                        .equals(afterBreak.serialNumber()));

                server.stop();
                server.restart();
                Poll.until(Duration.ofSeconds(5), () -> server.openStreams() == 1);
                IssuedX509Svid afterRestart = server.rotateX509Svid();
                Poll.until(Duration.ofSeconds(1), () -> source.getX509Svid().getLeaf().getSerialNumber()
                        .equals(afterRestart.serialNumber()));
            }
            assertThat(server.calls()).filteredOn(c -> c.method().equals("FetchX509SVID")).hasSizeGreaterThanOrEqualTo(3);
        }
    }
}
