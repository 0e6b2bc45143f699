package dev.faramesh.testkit.spiffe;

import com.google.protobuf.ByteString;
import com.nimbusds.jose.jwk.JWKSet;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.spiffe.workloadapi.grpc.SpiffeWorkloadAPIGrpc;
import io.spiffe.workloadapi.grpc.Workload;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The stateful SPIFFE Workload API behind {@link WorkloadApiServer}: it holds the workload's current
 * X.509-SVID, the home and federated trust domains and the JWT-SVID settings, answers the five RPCs,
 * and keeps the open FetchX509SVID / FetchX509Bundles / FetchJWTBundles streams so that every change
 * a test makes is pushed to connected clients at once, as a SPIRE agent does on rotation.
 */
final class WorkloadApiService extends SpiffeWorkloadAPIGrpc.SpiffeWorkloadAPIImplBase {

    private final TestTrustDomain home;
    private final Map<String, TestTrustDomain> federated = new LinkedHashMap<>();
    private final List<StreamObserver<Workload.X509SVIDResponse>> x509SvidStreams = new CopyOnWriteArrayList<>();
    private final List<StreamObserver<Workload.X509BundlesResponse>> x509BundleStreams = new CopyOnWriteArrayList<>();
    private final List<StreamObserver<Workload.JWTBundlesResponse>> jwtBundleStreams = new CopyOnWriteArrayList<>();

    private volatile IssuedX509Svid x509Svid;
    /** Further identities of the same workload, served after the default one (SPIRE: several entries match). */
    private final List<IssuedX509Svid> additionalSvids = new CopyOnWriteArrayList<>();
    private volatile TestTrustDomain jwtIssuer;
    private volatile String jwtSpiffeId;
    private volatile Duration jwtLifetime = Duration.ofMinutes(5);

    WorkloadApiService(TestTrustDomain home, IssuedX509Svid initial) {
        this.home = home;
        this.x509Svid = initial;
        this.jwtIssuer = home;
        this.jwtSpiffeId = initial.spiffeId();
    }

    // ---- RPCs ----

    @Override
    public void fetchX509SVID(Workload.X509SVIDRequest request, StreamObserver<Workload.X509SVIDResponse> out) {
        open(out, x509SvidStreams, this::x509SvidResponse);
    }

    @Override
    public void fetchX509Bundles(Workload.X509BundlesRequest request, StreamObserver<Workload.X509BundlesResponse> out) {
        open(out, x509BundleStreams, this::x509BundlesResponse);
    }

    @Override
    public void fetchJWTBundles(Workload.JWTBundlesRequest request, StreamObserver<Workload.JWTBundlesResponse> out) {
        open(out, jwtBundleStreams, this::jwtBundlesResponse);
    }

    @Override
    public void fetchJWTSVID(Workload.JWTSVIDRequest request, StreamObserver<Workload.JWTSVIDResponse> out) {
        if (request.getAudienceCount() == 0) {
            out.onError(Status.INVALID_ARGUMENT.withDescription("audience must be specified").asRuntimeException());
            return;
        }
        String spiffeId = jwtSpiffeId;
        if (!request.getSpiffeId().isEmpty() && !request.getSpiffeId().equals(spiffeId)) {
            if (additionalSvids.stream().noneMatch(s -> s.spiffeId().equals(request.getSpiffeId()))) {
                out.onError(Status.PERMISSION_DENIED.withDescription("no identity issued").asRuntimeException());
                return;
            }
            spiffeId = request.getSpiffeId();
        }
        String token = jwtIssuer.issueJwtSvid(spiffeId, request.getAudienceList(), jwtLifetime);
        out.onNext(Workload.JWTSVIDResponse.newBuilder()
                .addSvids(Workload.JWTSVID.newBuilder().setSpiffeId(spiffeId).setSvid(token))
                .build());
        out.onCompleted();
    }

    @Override
    public void validateJWTSVID(Workload.ValidateJWTSVIDRequest request,
                                StreamObserver<Workload.ValidateJWTSVIDResponse> out) {
        if (request.getAudience().isEmpty()) {
            out.onError(Status.INVALID_ARGUMENT.withDescription("audience must be specified").asRuntimeException());
            return;
        }
        if (request.getSvid().isEmpty()) {
            out.onError(Status.INVALID_ARGUMENT.withDescription("svid must be specified").asRuntimeException());
            return;
        }
        try {
            JwtSvidCheck.Validated valid = JwtSvidCheck.validate(request.getSvid(), request.getAudience(), jwtBundleLookup());
            out.onNext(Workload.ValidateJWTSVIDResponse.newBuilder()
                    .setSpiffeId(valid.spiffeId()).setClaims(valid.claims()).build());
            out.onCompleted();
        } catch (IllegalArgumentException e) {
            out.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
        }
    }

    // ---- controls ----

    IssuedX509Svid currentX509Svid() {
        return x509Svid;
    }

    void serveX509Svid(IssuedX509Svid svid) {
        x509Svid = svid;
        push(x509SvidStreams, x509SvidResponse());
    }

    void addX509Svid(IssuedX509Svid svid) {
        additionalSvids.removeIf(s -> s.spiffeId().equals(svid.spiffeId()));
        additionalSvids.add(svid);
        push(x509SvidStreams, x509SvidResponse());
    }

    void removeX509Svid(String spiffeId) {
        additionalSvids.removeIf(s -> s.spiffeId().equals(spiffeId));
        push(x509SvidStreams, x509SvidResponse());
    }

    synchronized void federateWith(TestTrustDomain other) {
        federated.put(other.id(), other);
        pushAll();
    }

    void jwtBundleChanged() {
        push(jwtBundleStreams, jwtBundlesResponse());
    }

    void serveJwtSvidsAs(TestTrustDomain issuer, String spiffeId) {
        jwtIssuer = issuer;
        jwtSpiffeId = spiffeId;
    }

    void jwtSvidLifetime(Duration lifetime) {
        jwtLifetime = lifetime;
    }

    /** Ends every open stream with {@code status}, as when the agent drops its streams. */
    void breakStreams(Status status) {
        for (List<? extends StreamObserver<?>> streams : List.of(x509SvidStreams, x509BundleStreams, jwtBundleStreams)) {
            for (StreamObserver<?> stream : streams) {
                synchronized (stream) {
                    try {
                        stream.onError(status.asRuntimeException());
                    } catch (RuntimeException ignored) {
                        // the client may already have gone; nothing to end
                    }
                }
            }
            streams.clear();
        }
    }

    int openStreams() {
        return x509SvidStreams.size() + x509BundleStreams.size() + jwtBundleStreams.size();
    }

    // ---- responses ----

    private synchronized Map<String, TestTrustDomain> federatedDomains() {
        return new LinkedHashMap<>(federated);
    }

    private Workload.X509SVIDResponse x509SvidResponse() {
        IssuedX509Svid svid = x509Svid;
        Workload.X509SVIDResponse.Builder response = Workload.X509SVIDResponse.newBuilder()
                .addSvids(Workload.X509SVID.newBuilder()
                        .setSpiffeId(svid.spiffeId())
                        .setX509Svid(ByteString.copyFrom(svid.chainDer()))
                        .setX509SvidKey(ByteString.copyFrom(svid.privateKeyPkcs8()))
                        .setBundle(ByteString.copyFrom(svid.bundleDer())));
        for (IssuedX509Svid extra : additionalSvids) {
            response.addSvids(Workload.X509SVID.newBuilder()
                    .setSpiffeId(extra.spiffeId())
                    .setX509Svid(ByteString.copyFrom(extra.chainDer()))
                    .setX509SvidKey(ByteString.copyFrom(extra.privateKeyPkcs8()))
                    .setBundle(ByteString.copyFrom(extra.bundleDer())));
        }
        federatedDomains().forEach((id, domain) ->
                response.putFederatedBundles(id, ByteString.copyFrom(domain.x509BundleDer())));
        return response.build();
    }

    private Workload.X509BundlesResponse x509BundlesResponse() {
        Workload.X509BundlesResponse.Builder response = Workload.X509BundlesResponse.newBuilder()
                .putBundles(home.id(), ByteString.copyFrom(home.x509BundleDer()));
        federatedDomains().forEach((id, domain) ->
                response.putBundles(id, ByteString.copyFrom(domain.x509BundleDer())));
        return response.build();
    }

    private Workload.JWTBundlesResponse jwtBundlesResponse() {
        Workload.JWTBundlesResponse.Builder response = Workload.JWTBundlesResponse.newBuilder()
                .putBundles(home.id(), ByteString.copyFrom(home.jwtBundleJson(), StandardCharsets.UTF_8));
        federatedDomains().forEach((id, domain) ->
                response.putBundles(id, ByteString.copyFrom(domain.jwtBundleJson(), StandardCharsets.UTF_8)));
        return response.build();
    }

    private Function<String, JWKSet> jwtBundleLookup() {
        Map<String, TestTrustDomain> domains = federatedDomains();
        domains.put(home.id(), home);
        return id -> {
            TestTrustDomain domain = domains.get(id);
            try {
                return domain == null ? null : JWKSet.parse(domain.jwtBundleJson());
            } catch (ParseException e) {
                throw new IllegalStateException("own JWT bundle does not parse", e);
            }
        };
    }

    // ---- stream bookkeeping ----

    private static <T> void open(StreamObserver<T> out, List<StreamObserver<T>> streams, Supplier<T> first) {
        if (out instanceof ServerCallStreamObserver<T> call) {
            call.setOnCancelHandler(() -> streams.remove(out));
        }
        // registered before the first message is built, so no concurrent push can be missed
        synchronized (out) {
            streams.add(out);
            out.onNext(first.get());
        }
    }

    private static <T> void push(List<StreamObserver<T>> streams, T message) {
        for (StreamObserver<T> stream : new ArrayList<>(streams)) {
            synchronized (stream) {
                try {
                    stream.onNext(message);
                } catch (RuntimeException e) {
                    // the stream was cancelled between the snapshot and the send
                    streams.remove(stream);
                }
            }
        }
    }

    private void pushAll() {
        push(x509SvidStreams, x509SvidResponse());
        push(x509BundleStreams, x509BundlesResponse());
        push(jwtBundleStreams, jwtBundlesResponse());
    }
}
