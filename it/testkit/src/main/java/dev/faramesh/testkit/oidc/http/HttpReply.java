package dev.faramesh.testkit.oidc.http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a route handler of {@link LoopbackHttpServer} answers: a status, extra headers and a body.
 * The factories set the content type each protocol uses (JSON for OIDC, JWKS and Azure, XML for
 * AWS STS, plain text for the GCP metadata server).
 */
public final class HttpReply {

    private final int status;
    private final Map<String, String> headers;
    private final byte[] body;

    private HttpReply(int status, Map<String, String> headers, byte[] body) {
        this.status = status;
        this.headers = headers;
        this.body = body;
    }

    public static HttpReply of(int status, String contentType, String body) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
        return new HttpReply(status, headers, body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
    }

    public static HttpReply json(int status, String json) {
        return of(status, "application/json", json);
    }

    public static HttpReply xml(int status, String xml) {
        return of(status, "text/xml", xml);
    }

    public static HttpReply text(int status, String text) {
        return of(status, "text/plain; charset=utf-8", text);
    }

    public static HttpReply empty(int status) {
        return of(status, null, null);
    }

    /** A copy of this reply with one more header. */
    public HttpReply withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new HttpReply(status, copy, body);
    }

    public int status() {
        return status;
    }

    public Map<String, String> headers() {
        return Map.copyOf(headers);
    }

    byte[] bodyBytes() {
        return body;
    }
}
