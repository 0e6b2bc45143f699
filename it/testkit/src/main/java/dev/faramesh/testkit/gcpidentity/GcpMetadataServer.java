package dev.faramesh.testkit.gcpidentity;

import dev.faramesh.testkit.oidc.SigningKeys;
import dev.faramesh.testkit.oidc.TokenMinter;
import dev.faramesh.testkit.oidc.http.HttpReply;
import dev.faramesh.testkit.oidc.http.IncomingRequest;
import dev.faramesh.testkit.oidc.http.LoopbackHttpServer;
import dev.faramesh.testkit.oidc.http.RecordedRequest;

import java.util.List;
import java.util.function.Function;

/**
 * The GCE metadata server for one VM and service account, on a loopback port. It serves
 * {@code /computeMetadata/v1/instance/service-accounts/default/identity?audience=…&format=full}
 * (an RS256 identity token, {@code iss=https://accounts.google.com}, {@code google.compute_engine}
 * with {@code format=full}), the account e-mail and a few project/instance attributes, all behind
 * the {@code Metadata-Flavor: Google} request header and answered with it, as the real server does.
 * It also serves the signing keys as Google publishes them at {@code /oauth2/v3/certs} plus the
 * matching discovery document, so verifiers can point there.
 */
public final class GcpMetadataServer implements AutoCloseable {

    public static final String IDENTITY_PATH = "/computeMetadata/v1/instance/service-accounts/default/identity";
    public static final String CERTS_PATH = "/oauth2/v3/certs";
    private static final String FLAVOR = "Metadata-Flavor";

    private final GcpServiceAccount account;
    private final SigningKeys keys = SigningKeys.rs256();
    private final TokenMinter minter;
    private final LoopbackHttpServer http = LoopbackHttpServer.http();

    private GcpMetadataServer(GcpServiceAccount account) {
        this.account = account;
        this.minter = new TokenMinter(keys, ComputeEngineClaims.GOOGLE_ISSUER);
        String v1 = "/computeMetadata/v1";
        http.route("GET", "/", req -> metadata(req, r -> HttpReply.of(200, "application/text", "computeMetadata/\n")))
            .route("GET", v1 + "/instance/service-accounts/([^/]+)/identity", req -> metadata(req, this::identity))
            .route("GET", v1 + "/instance/service-accounts/([^/]+)/email", req -> metadata(req, this::email))
            .route("GET", v1 + "/project/project-id", req -> metadata(req, r -> text(account.projectId())))
            .route("GET", v1 + "/project/numeric-project-id", req -> metadata(req, r -> text(account.projectNumber())))
            .route("GET", v1 + "/instance/id", req -> metadata(req, r -> text(account.instanceId())))
            .route("GET", v1 + "/instance/name", req -> metadata(req, r -> text(account.instanceName())))
            .route("GET", v1 + "/instance/zone", req -> metadata(req,
                    r -> text("projects/" + account.projectNumber() + "/zones/" + account.zone())))
            .route("GET", CERTS_PATH, req -> HttpReply.json(200, keys.publicJwksJson()))
            .route("GET", "/.well-known/openid-configuration", req -> HttpReply.json(200, discovery()))
            .start();
    }

    public static GcpMetadataServer start(GcpServiceAccount account) {
        return new GcpMetadataServer(account);
    }

    /** {@code http://127.0.0.1:PORT}; clients normally reach this as {@code http://metadata.google.internal}. */
    public String baseUrl() {
        return http.baseUrl();
    }

    /** {@code 127.0.0.1:PORT}, the value {@code GCE_METADATA_HOST} takes. */
    public String hostAndPort() {
        return "127.0.0.1:" + http.port();
    }

    /** Where the identity token keys are published (Google's {@code oauth2/v3/certs}). */
    public String certsUrl() {
        return http.baseUrl() + CERTS_PATH;
    }

    public GcpServiceAccount account() {
        return account;
    }

    public SigningKeys keys() {
        return keys;
    }

    /** Signs tokens with the metadata server's keys and Google's issuer, for hand-made variants. */
    public TokenMinter minter() {
        return minter;
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

    private HttpReply metadata(IncomingRequest request, Function<IncomingRequest, HttpReply> handler) {
        HttpReply reply;
        if (request.header("X-Forwarded-For") != null) {
            reply = HttpReply.text(403, "Requests with X-Forwarded-For are not accepted by the metadata server.");
        } else if (!"Google".equals(request.header(FLAVOR))) {
            reply = HttpReply.text(403, "Your client does not have permission to get URL " + request.path()
                    + " from this server. Missing Metadata-Flavor:Google header.");
        } else {
            reply = handler.apply(request);
        }
        return reply.withHeader(FLAVOR, "Google").withHeader("Server", "Metadata Server for VM");
    }

    private boolean isThisAccount(String pathAccount) {
        return "default".equals(pathAccount) || account.email().equals(pathAccount);
    }

    private HttpReply identity(IncomingRequest request) {
        if (!isThisAccount(request.pathGroup(1))) {
            return HttpReply.text(404, "Not Found");
        }
        String audience = request.query("audience");
        if (audience == null || audience.isEmpty()) {
            return HttpReply.text(400, "non-empty audience parameter required");
        }
        boolean full = "full".equals(request.query("format"));
        var claims = full ? ComputeEngineClaims.full(minter, account, audience)
                : ComputeEngineClaims.standard(minter, account, audience);
        return text(minter.sign(claims));
    }

    private HttpReply email(IncomingRequest request) {
        return isThisAccount(request.pathGroup(1)) ? text(account.email()) : HttpReply.text(404, "Not Found");
    }

    private static HttpReply text(String value) {
        return HttpReply.of(200, "application/text", value);
    }

    private String discovery() {
        return "{\"issuer\":\"" + ComputeEngineClaims.GOOGLE_ISSUER + "\",\"jwks_uri\":\"" + certsUrl()
                + "\",\"id_token_signing_alg_values_supported\":[\"RS256\"],\"subject_types_supported\":[\"public\"],"
                + "\"response_types_supported\":[\"id_token\"]}";
    }
}
