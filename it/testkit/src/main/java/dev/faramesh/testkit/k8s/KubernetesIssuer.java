package dev.faramesh.testkit.k8s;

import dev.faramesh.testkit.oidc.SigningKeys;
import dev.faramesh.testkit.oidc.TokenMinter;
import dev.faramesh.testkit.oidc.http.HttpReply;
import dev.faramesh.testkit.oidc.http.IncomingRequest;
import dev.faramesh.testkit.oidc.http.LocalTls;
import dev.faramesh.testkit.oidc.http.LoopbackHttpServer;
import dev.faramesh.testkit.oidc.http.RecordedRequest;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The service-account token issuer side of a Kubernetes API server, over HTTPS (its own CA, see
 * {@link #tls()}) or plain HTTP: {@code /.well-known/openid-configuration} and {@code /openid/v1/jwks}
 * as the API server serves them for OIDC discovery, TokenReview at
 * {@code /apis/authentication.k8s.io/v1/tokenreviews} (bearer-authenticated with
 * {@link #reviewerToken()}), and projected token files for pods. Deleting a pod makes TokenReview
 * refuse its still-unexpired tokens, which a JWKS-only check cannot notice.
 */
public final class KubernetesIssuer implements AutoCloseable {

    public static final String DISCOVERY_PATH = "/.well-known/openid-configuration";
    public static final String JWKS_PATH = "/openid/v1/jwks";
    public static final String TOKEN_REVIEW_PATH = "/apis/authentication.k8s.io/v1/tokenreviews";

    private final SigningKeys keys = SigningKeys.rs256();
    private final LoopbackHttpServer http;
    private final TokenMinter minter;
    private final Set<String> deletedPods = ConcurrentHashMap.newKeySet();
    private final String reviewerToken = UUID.randomUUID().toString();
    private final TokenReviewer reviewer;

    private KubernetesIssuer(LoopbackHttpServer http) {
        this.http = http;
        http.route("GET", DISCOVERY_PATH, req -> HttpReply.json(200, discovery()))
            .route("GET", JWKS_PATH, req -> HttpReply.json(200, keys.publicJwksJson()))
            .route("POST", TOKEN_REVIEW_PATH, this::tokenReview)
            .start();
        this.minter = new TokenMinter(keys, http.baseUrl());
        this.reviewer = new TokenReviewer(keys, http.baseUrl(), List.of(http.baseUrl()), deletedPods);
    }

    /** An issuer on HTTPS with a fresh loopback CA, as API servers serve discovery. */
    public static KubernetesIssuer startHttps() {
        return new KubernetesIssuer(LoopbackHttpServer.https(LocalTls.forLoopback()));
    }

    /** An issuer on plain HTTP (e.g. an external discovery bucket behind a proxy). */
    public static KubernetesIssuer startHttp() {
        return new KubernetesIssuer(LoopbackHttpServer.http());
    }

    /** The {@code iss} of every token, equal to the base URL so discovery resolves from it. */
    public String issuer() {
        return http.baseUrl();
    }

    public String baseUrl() {
        return http.baseUrl();
    }

    public String discoveryUrl() {
        return http.baseUrl() + DISCOVERY_PATH;
    }

    public String jwksUrl() {
        return http.baseUrl() + JWKS_PATH;
    }

    /** The TLS identity for HTTPS issuers (null for HTTP); trust it via {@link LocalTls#clientContext()}. */
    public LocalTls tls() {
        return http.tls();
    }

    public SigningKeys keys() {
        return keys;
    }

    public TokenMinter minter() {
        return minter;
    }

    /** A projected service-account token for {@code pod}. */
    public String token(PodIdentity pod, Duration lifetime, String... audience) {
        return minter.sign(ServiceAccountClaims.of(minter, pod, lifetime, audience));
    }

    /** Projects tokens for {@code pod} into {@code directory} as the kubelet does; refresh() re-mints. */
    public ServiceAccountTokenFile project(Path directory, PodIdentity pod, Duration lifetime, String... audience) {
        return ServiceAccountTokenFile.project(directory, () -> token(pod, lifetime, audience));
    }

    /** The bearer token TokenReview callers must present (the reviewer's own service-account token). */
    public String reviewerToken() {
        return reviewerToken;
    }

    /** From now on TokenReview refuses tokens bound to this pod. */
    public void deletePod(PodIdentity pod) {
        deletedPods.add(pod.namespace() + "/" + pod.podName());
    }

    public List<RecordedRequest> requests() {
        return http.requests();
    }

    /** The underlying listener, for fault controls (error status, delay, refused connections). */
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

    private HttpReply tokenReview(IncomingRequest request) {
        String authorization = request.header("Authorization");
        String expected = "Bearer " + reviewerToken;
        if (authorization == null || !MessageDigest.isEqual(authorization.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8))) {
            return HttpReply.json(401, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                    + "\"message\":\"Unauthorized\",\"reason\":\"Unauthorized\",\"code\":401}");
        }
        try {
            return HttpReply.json(201, reviewer.review(request.bodyText()));
        } catch (IllegalArgumentException e) {
            return HttpReply.json(400, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                    + "\"message\":\"" + e.getMessage() + "\",\"reason\":\"BadRequest\",\"code\":400}");
        }
    }

    private String discovery() {
        return "{\"issuer\":\"" + issuer() + "\",\"jwks_uri\":\"" + jwksUrl() + "\",\"response_types_supported\":[\"id_token\"],"
                + "\"subject_types_supported\":[\"public\"],\"id_token_signing_alg_values_supported\":[\"RS256\"]}";
    }
}
