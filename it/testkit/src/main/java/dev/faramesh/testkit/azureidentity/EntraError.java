package dev.faramesh.testkit.azureidentity;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faramesh.testkit.oidc.http.HttpReply;

import java.time.Instant;
import java.util.UUID;

/**
 * An OAuth error as Entra's token endpoint and IMDS report it: {@code error} and
 * {@code error_description}, and for Entra also the numeric AADSTS code in {@code error_codes},
 * trace and correlation ids. Thrown inside the server, turned into the JSON reply by {@link #reply()}.
 */
final class EntraError extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int status;
    private final String error;
    private final int aadsts;

    private EntraError(int status, String error, int aadsts, String description) {
        super(description, null, false, false);
        this.status = status;
        this.error = error;
        this.aadsts = aadsts;
    }

    /** An Entra token-endpoint error; the description is prefixed with {@code AADSTS<code>: }. */
    static EntraError entra(int status, String error, int aadsts, String description) {
        return new EntraError(status, error, aadsts, "AADSTS" + aadsts + ": " + description);
    }

    /** An IMDS error (no AADSTS code). */
    static EntraError imds(int status, String error, String description) {
        return new EntraError(status, error, 0, description);
    }

    HttpReply reply() {
        ObjectNode body = JSON.createObjectNode();
        body.put("error", error);
        if (aadsts == 0) {
            body.put("error_description", getMessage());
            return HttpReply.json(status, body.toString());
        }
        String trace = UUID.randomUUID().toString();
        String correlation = UUID.randomUUID().toString();
        Instant now = Instant.now();
        body.put("error_description", getMessage() + " Trace ID: " + trace + " Correlation ID: " + correlation
                + " Timestamp: " + now);
        body.putArray("error_codes").add(aadsts);
        body.put("timestamp", now.toString());
        body.put("trace_id", trace);
        body.put("correlation_id", correlation);
        body.put("error_uri", "https://login.microsoftonline.com/error?code=" + aadsts);
        return HttpReply.json(status, body.toString());
    }
}
