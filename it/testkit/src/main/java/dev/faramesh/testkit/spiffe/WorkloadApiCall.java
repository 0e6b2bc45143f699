package dev.faramesh.testkit.spiffe;

import java.time.Instant;
import java.util.Set;

/**
 * One entry of the Workload API server's call log: which RPC was called, the NAMES of the gRPC
 * metadata keys it carried (never values), and the status code it was refused with, or null when
 * the call reached the service.
 *
 * @param method       RPC name, e.g. {@code FetchX509SVID}
 * @param metadataKeys metadata key names sent by the client
 * @param rejectedWith status code name of an early refusal (missing header, injected failure), or null
 * @param receivedAt   when the call arrived
 */
public record WorkloadApiCall(String method, Set<String> metadataKeys, String rejectedWith, Instant receivedAt) {

    public WorkloadApiCall {
        metadataKeys = Set.copyOf(metadataKeys);
    }

    public boolean accepted() {
        return rejectedWith == null;
    }
}
