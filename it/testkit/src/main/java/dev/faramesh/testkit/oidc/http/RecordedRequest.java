package dev.faramesh.testkit.oidc.http;

import java.time.Instant;
import java.util.Set;

/**
 * One entry of a server's request log. It keeps header and query parameter NAMES only, never values,
 * so tokens, signatures and metadata headers cannot leak into test output through the log.
 *
 * @param method         HTTP method
 * @param path           request path without the query
 * @param queryNames     names of the query parameters
 * @param headerNames    names of the request headers, lower-cased
 * @param status         status the server answered with (0 if the connection was dropped)
 * @param receivedAt     when the request arrived
 */
public record RecordedRequest(String method, String path, Set<String> queryNames, Set<String> headerNames,
                              int status, Instant receivedAt) {

    public RecordedRequest {
        queryNames = Set.copyOf(queryNames);
        headerNames = Set.copyOf(headerNames);
    }

    public boolean hasHeader(String name) {
        return headerNames.contains(name.toLowerCase(java.util.Locale.ROOT));
    }
}
