package dev.faramesh.testkit.spiffe;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The gRPC interceptor in front of the Workload API service. Like the SPIRE agent it refuses any call
 * without the {@code workload.spiffe.io: true} metadata with INVALID_ARGUMENT "security header missing
 * from request"; it then applies failures a test injected (for one RPC or all) and logs every call.
 */
final class WorkloadApiGate implements ServerInterceptor {

    static final Metadata.Key<String> SECURITY_HEADER =
            Metadata.Key.of("workload.spiffe.io", Metadata.ASCII_STRING_MARSHALLER);
    static final String ALL_METHODS = "*";

    private final List<WorkloadApiCall> calls = new CopyOnWriteArrayList<>();
    private final Map<String, Status> injectedFailures = new ConcurrentHashMap<>();

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        String method = call.getMethodDescriptor().getBareMethodName();
        Status refusal = refusalFor(method, headers);
        calls.add(new WorkloadApiCall(method, headers.keys(),
                refusal == null ? null : refusal.getCode().name(), Instant.now()));
        if (refusal != null) {
            call.close(refusal, new Metadata());
            return new ServerCall.Listener<>() {
            };
        }
        return next.startCall(call, headers);
    }

    void failCalls(String method, Status status) {
        injectedFailures.put(method, status);
    }

    void clearFailures() {
        injectedFailures.clear();
    }

    List<WorkloadApiCall> calls() {
        return List.copyOf(calls);
    }

    private Status refusalFor(String method, Metadata headers) {
        if (!"true".equals(headers.get(SECURITY_HEADER))) {
            return Status.INVALID_ARGUMENT.withDescription("security header missing from request");
        }
        Status injected = injectedFailures.get(method);
        return injected != null ? injected : injectedFailures.get(ALL_METHODS);
    }
}
