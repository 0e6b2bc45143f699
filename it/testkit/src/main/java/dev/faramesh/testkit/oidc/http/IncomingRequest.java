package dev.faramesh.testkit.oidc.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * One HTTP request as a route handler of {@link LoopbackHttpServer} sees it: method, path, decoded
 * query, headers (names lower-cased), the raw body and the groups of the route pattern that matched
 * the path. The body is read fully before the handler runs, so handlers are plain functions.
 */
public final class IncomingRequest {

    private final String method;
    private final String path;
    private final String rawQuery;
    private final Map<String, List<String>> headers;
    private final byte[] body;
    private final Matcher pathMatch;

    IncomingRequest(String method, String path, String rawQuery, Map<String, List<String>> headers,
                    byte[] body, Matcher pathMatch) {
        this.method = method;
        this.path = path;
        this.rawQuery = rawQuery;
        this.headers = headers;
        this.body = body;
        this.pathMatch = pathMatch;
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    /** The query string as sent, undecoded; null when absent. */
    public String rawQuery() {
        return rawQuery;
    }

    /** Decoded query parameters; the first value wins when a name repeats. */
    public Map<String, String> query() {
        return parseForm(rawQuery);
    }

    /** The value of a query parameter, or null. */
    public String query(String name) {
        return query().get(name);
    }

    /** The first value of a header, looked up case-insensitively, or null. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** Every header, names lower-cased, values in arrival order. */
    public Map<String, List<String>> headers() {
        return Collections.unmodifiableMap(headers);
    }

    public byte[] body() {
        return body.clone();
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The body parsed as {@code application/x-www-form-urlencoded}. */
    public Map<String, String> form() {
        return parseForm(bodyText());
    }

    /** Group {@code index} of the route pattern that matched the path (1-based, as in regex). */
    public String pathGroup(int index) {
        return pathMatch.group(index);
    }

    static Map<String, String> parseForm(String encoded) {
        Map<String, String> out = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return out;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            out.putIfAbsent(name, value);
        }
        return out;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
