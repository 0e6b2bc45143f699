package dev.faramesh.testkit.oidc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faramesh.testkit.oidc.http.HttpReply;
import dev.faramesh.testkit.oidc.http.LoopbackHttpServer;
import dev.faramesh.testkit.oidc.http.RecordedRequest;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal OIDC issuer for the cases mock-oauth2-server cannot stage: it serves
 * {@code /.well-known/openid-configuration} and the JWKS (at {@code /jwks} and
 * {@code /.well-known/jwks.json}) from {@link SigningKeys} the test controls, so a test can rotate to
 * a new kid, retire a kid, serve a broken JWKS, answer 503, answer slowly or refuse connections.
 * {@link #minter()} signs tokens whose {@code iss} is this server's base URL.
 */
public final class JwksServer implements AutoCloseable {

    public static final String JWKS_PATH = "/jwks";
    public static final String WELL_KNOWN_JWKS_PATH = "/.well-known/jwks.json";
    public static final String DISCOVERY_PATH = "/.well-known/openid-configuration";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SigningKeys keys;
    private final LoopbackHttpServer http;
    private final TokenMinter minter;
    private volatile String jwksOverride;

    private JwksServer(SigningKeys keys, LoopbackHttpServer http) {
        this.keys = keys;
        this.http = http;
        http.route("GET", JWKS_PATH, req -> jwks())
            .route("GET", WELL_KNOWN_JWKS_PATH, req -> jwks())
            .route("GET", DISCOVERY_PATH, req -> HttpReply.json(200, discovery()))
            .start();
        this.minter = new TokenMinter(keys, http.baseUrl());
    }

    /** An issuer with one RS256 key on a fresh loopback port. */
    public static JwksServer start() {
        return start(SigningKeys.rs256());
    }

    public static JwksServer start(SigningKeys keys) {
        return new JwksServer(keys, LoopbackHttpServer.http());
    }

    /** The issuer identifier, equal to the base URL ({@code http://127.0.0.1:PORT}). */
    public String issuer() {
        return http.baseUrl();
    }

    public String baseUrl() {
        return http.baseUrl();
    }

    public String jwksUrl() {
        return http.baseUrl() + JWKS_PATH;
    }

    public String discoveryUrl() {
        return http.baseUrl() + DISCOVERY_PATH;
    }

    public SigningKeys keys() {
        return keys;
    }

    /** Signs tokens with this issuer's current key and {@code iss} = {@link #issuer()}. */
    public TokenMinter minter() {
        return minter;
    }

    /** Rotates to a new kid; see {@link SigningKeys#rotate(boolean)}. */
    public String rotateKey(boolean keepPrevious) {
        return keys.rotate(keepPrevious);
    }

    /** Serves {@code body} instead of the real JWKS (null restores it), e.g. malformed JSON. */
    public void serveJwksBody(String body) {
        jwksOverride = body;
    }

    /** Every reply becomes {@code status}, e.g. 503 for an outage. */
    public void failWith(int status) {
        http.failWith(status);
    }

    public void delayResponses(Duration delay) {
        http.delayResponses(delay);
    }

    /** The port refuses connections until {@link #acceptConnections()}. */
    public void refuseConnections() {
        http.refuseConnections();
    }

    public void acceptConnections() {
        http.acceptConnections();
    }

    public void clearFaults() {
        http.clearFaults();
        jwksOverride = null;
    }

    /** How many times the JWKS was fetched, at either path. */
    public long jwksFetches() {
        return http.requestCount(JWKS_PATH) + http.requestCount(WELL_KNOWN_JWKS_PATH);
    }

    public List<RecordedRequest> requests() {
        return http.requests();
    }

    /** The underlying listener, for fault controls shared by every testkit HTTP server. */
    public LoopbackHttpServer http() {
        return http;
    }

    public void stop() {
        http.stop();
    }

    @Override
    public void close() {
        stop();
    }

    private HttpReply jwks() {
        String override = jwksOverride;
        return HttpReply.json(200, override != null ? override : keys.publicJwksJson());
    }

    private String discovery() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("issuer", issuer());
        doc.put("jwks_uri", jwksUrl());
        doc.put("response_types_supported", List.of("id_token"));
        doc.put("subject_types_supported", List.of("public"));
        doc.put("id_token_signing_alg_values_supported", List.of(keys.algorithm().getName()));
        try {
            return JSON.writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
