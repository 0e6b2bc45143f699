package dev.faramesh.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP request and its answer, with the small amount of parsing every backend needs: decoded
 * path, query parameters, headers, a JSON body, and JSON replies whose {@code Content-Type} is exactly
 * what the caller asks for (some clients compare it as a raw string, without parameters).
 */
public final class JsonExchange {
    /** Shared mapper; servers build replies as maps or Jackson nodes. */
    public static final ObjectMapper JSON = new ObjectMapper();

    private final HttpExchange raw;
    private final Map<String, String> query;
    private byte[] body;
    private boolean responded;

    JsonExchange(HttpExchange raw) {
        this.raw = raw;
        this.query = parseQuery(raw.getRequestURI().getRawQuery());
    }

    public String method() {
        return raw.getRequestMethod();
    }

    /** Decoded path, e.g. {@code /v1/secret/data/app/db}. */
    public String path() {
        return raw.getRequestURI().getPath();
    }

    /** Undecoded path, for protocols whose path segments may contain encoded slashes. */
    public String rawPath() {
        return raw.getRequestURI().getRawPath();
    }

    public Map<String, String> queryParameters() {
        return query;
    }

    public Optional<String> query(String name) {
        return Optional.ofNullable(query.get(name));
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(raw.getRequestHeaders().getFirst(name));
    }

    /** All request headers, names lower-cased. */
    public Map<String, java.util.List<String>> headers() {
        Map<String, java.util.List<String>> out = new LinkedHashMap<>();
        raw.getRequestHeaders().forEach((k, v) -> out.put(k.toLowerCase(java.util.Locale.ROOT), java.util.List.copyOf(v)));
        return out;
    }

    /** The {@code Host} header, or the local address if a client sent none. */
    public String host() {
        return header("Host").orElse("127.0.0.1:" + raw.getLocalAddress().getPort());
    }

    public synchronized byte[] body() throws IOException {
        if (body == null) {
            body = raw.getRequestBody().readAllBytes();
        }
        return body;
    }

    /** The body as JSON; an empty body reads as JSON null. */
    public JsonNode json() throws IOException {
        byte[] b = body();
        if (b.length == 0) {
            return NullNode.getInstance();
        }
        return JSON.readTree(b);
    }

    public void setHeader(String name, String value) {
        raw.getResponseHeaders().set(name, value);
    }

    public void sendJson(int status, Object value) throws IOException {
        sendJson(status, value, "application/json");
    }

    public void sendJson(int status, Object value, String contentType) throws IOException {
        send(status, JSON.writeValueAsBytes(value), contentType);
    }

    public void sendText(int status, String text) throws IOException {
        send(status, text.getBytes(StandardCharsets.UTF_8), "text/plain");
    }

    /** A reply with no body at all (e.g. 204). */
    public void sendEmpty(int status) throws IOException {
        responded = true;
        raw.sendResponseHeaders(status, -1);
    }

    public void send(int status, byte[] bytes, String contentType) throws IOException {
        responded = true;
        raw.getResponseHeaders().set("Content-Type", contentType);
        raw.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = raw.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    boolean responded() {
        return responded;
    }

    private static Map<String, String> parseQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return Collections.emptyMap();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            out.putIfAbsent(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return Collections.unmodifiableMap(out);
    }
}
