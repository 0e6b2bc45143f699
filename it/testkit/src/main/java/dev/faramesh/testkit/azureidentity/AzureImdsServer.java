package dev.faramesh.testkit.azureidentity;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.faramesh.testkit.oidc.SigningKeys;
import dev.faramesh.testkit.oidc.TokenMinter;
import dev.faramesh.testkit.oidc.http.HttpReply;
import dev.faramesh.testkit.oidc.http.IncomingRequest;
import dev.faramesh.testkit.oidc.http.LoopbackHttpServer;
import dev.faramesh.testkit.oidc.http.RecordedRequest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * Azure workload identity on one loopback port, for one tenant: the Instance Metadata Service token
 * endpoint ({@code /metadata/identity/oauth2/token?api-version=2018-02-01&resource=…}, only with
 * {@code Metadata: true}) issuing v1 tokens for the VM's managed identities, and the Entra
 * authority ({@code AZURE_AUTHORITY_HOST}): {@code /{tenant}/oauth2/v2.0/token} exchanging a federated
 * client assertion (AKS workload identity) or a client secret (a service principal) for a v2 app
 * token, {@code /{tenant}/discovery/v2.0/keys}
 * and {@code /{tenant}/v2.0/.well-known/openid-configuration}. Both token kinds are signed with the
 * keys served there.
 */
public final class AzureImdsServer implements AutoCloseable {

    public static final String IMDS_TOKEN_PATH = "/metadata/identity/oauth2/token";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TOKEN_SECONDS = 86_399;

    private final String tenantId;
    private final SigningKeys keys = SigningKeys.rs256();
    private final LoopbackHttpServer http = LoopbackHttpServer.http();
    private final TokenMinter imdsMinter;
    private final TokenMinter entraMinter;
    private final Map<String, ManagedIdentity> userAssigned = new ConcurrentHashMap<>();
    private final List<FederatedCredential> federated = new CopyOnWriteArrayList<>();
    private final Map<String, ClientSecretCredential> clientSecrets = new ConcurrentHashMap<>();
    private final ClientAssertionCheck assertions = new ClientAssertionCheck();
    private final ManagedIdentity systemAssigned;

    private AzureImdsServer(String tenantId, ManagedIdentity systemAssigned) {
        this.tenantId = tenantId;
        this.systemAssigned = systemAssigned;
        http.route("GET", IMDS_TOKEN_PATH, this::imdsToken)
            .route("POST", "/([^/]+)/oauth2/v2\\.0/token", this::entraToken)
            .route("GET", "/([^/]+)/discovery/v2\\.0/keys", req -> tenantOnly(req, r -> HttpReply.json(200, keys.publicJwksJson())))
            .route("GET", "/([^/]+)/v2\\.0/\\.well-known/openid-configuration", req -> tenantOnly(req, r -> HttpReply.json(200, discovery())))
            .start();
        this.imdsMinter = new TokenMinter(keys, EntraClaims.v1Issuer(tenantId));
        this.entraMinter = new TokenMinter(keys, v2Issuer());
    }

    /** A tenant whose VM has {@code systemAssigned} as its system-assigned identity. */
    public static AzureImdsServer start(String tenantId, ManagedIdentity systemAssigned) {
        return new AzureImdsServer(tenantId, systemAssigned);
    }

    public String tenantId() {
        return tenantId;
    }

    /** {@code http://127.0.0.1:PORT}: both the IMDS endpoint host and the authority host. */
    public String baseUrl() {
        return http.baseUrl();
    }

    public String imdsTokenUrl() {
        return http.baseUrl() + IMDS_TOKEN_PATH;
    }

    /** {@code <authority>/<tenant>/oauth2/v2.0/token}. */
    public String entraTokenUrl() {
        return http.baseUrl() + "/" + tenantId + "/oauth2/v2.0/token";
    }

    /** {@code <authority>/<tenant>/discovery/v2.0/keys}. */
    public String jwksUrl() {
        return http.baseUrl() + "/" + tenantId + "/discovery/v2.0/keys";
    }

    /** Issuer of the v2 tokens from the token endpoint: {@code <authority>/<tenant>/v2.0}. */
    public String v2Issuer() {
        return http.baseUrl() + "/" + tenantId + "/v2.0";
    }

    /** Issuer of the v1 tokens from IMDS: {@code https://sts.windows.net/<tenant>/}. */
    public String v1Issuer() {
        return EntraClaims.v1Issuer(tenantId);
    }

    public ManagedIdentity systemAssigned() {
        return systemAssigned;
    }

    /** Attaches a user-assigned identity to the VM; IMDS serves it for {@code client_id}, {@code object_id} or {@code msi_res_id}. */
    public void attach(ManagedIdentity identity) {
        userAssigned.put(identity.clientId(), identity);
    }

    /** Registers a federated identity credential on an application of this tenant. */
    public void trust(FederatedCredential credential) {
        federated.add(credential);
    }

    /**
     * Registers an application of this tenant with a client secret: the token endpoint then accepts a
     * {@code client_credentials} grant with that {@code client_id} and {@code client_secret}. Registering
     * the same client id again replaces its secret (the old one stops working, as after a rotation).
     */
    public void register(ClientSecretCredential credential) {
        clientSecrets.put(credential.clientId(), credential);
    }

    public SigningKeys keys() {
        return keys;
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

    private HttpReply imdsToken(IncomingRequest request) {
        try {
            if (request.header("X-Forwarded-For") != null) {
                throw EntraError.imds(400, "invalid_request", "Request with X-Forwarded-For header is not allowed");
            }
            if (!"true".equalsIgnoreCase(request.header("Metadata"))) {
                throw EntraError.imds(400, "invalid_request", "Required metadata header not specified");
            }
            if (request.query("api-version") == null) {
                throw EntraError.imds(400, "invalid_request", "Required query variable 'api-version' is missing");
            }
            String resource = request.query("resource");
            if (resource == null || resource.isEmpty()) {
                throw EntraError.imds(400, "invalid_request", "Required audience parameter not specified");
            }
            ManagedIdentity identity = select(request.query());
            String token = imdsMinter.sign(EntraClaims.managedIdentity(imdsMinter, tenantId, identity, resource));
            long now = imdsMinter.now().getEpochSecond();
            ObjectNode body = JSON.createObjectNode();
            body.put("access_token", token);
            body.put("client_id", identity.clientId());
            body.put("expires_in", String.valueOf(TOKEN_SECONDS));
            body.put("expires_on", String.valueOf(now + 3600));
            body.put("ext_expires_in", String.valueOf(TOKEN_SECONDS));
            body.put("not_before", String.valueOf(now));
            body.put("resource", resource);
            body.put("token_type", "Bearer");
            return HttpReply.json(200, body.toString());
        } catch (EntraError e) {
            return e.reply();
        }
    }

    private ManagedIdentity select(Map<String, String> query) {
        String clientId = query.get("client_id");
        String objectId = query.get("object_id");
        String resourceId = query.get("msi_res_id");
        if (clientId == null && objectId == null && resourceId == null) {
            if (systemAssigned == null) {
                throw EntraError.imds(400, "invalid_request", "Identity not found");
            }
            return systemAssigned;
        }
        return userAssigned.values().stream()
                .filter(id -> id.clientId().equals(clientId) || id.objectId().equals(objectId) || id.resourceId().equals(resourceId))
                .findFirst()
                .orElseThrow(() -> EntraError.imds(400, "invalid_request", "Identity not found"));
    }

    private HttpReply entraToken(IncomingRequest request) {
        try {
            requireTenant(request.pathGroup(1));
            Map<String, String> form = request.form();
            if (!"client_credentials".equals(form.get("grant_type"))) {
                throw EntraError.entra(400, "unsupported_grant_type", 70003,
                        "The app requested an unsupported grant type '" + form.get("grant_type") + "'.");
            }
            String clientId = form.get("client_id");
            if (form.containsKey("client_secret") && !form.containsKey("client_assertion")) {
                String scope = requireDefaultScope(form);
                ClientSecretCredential app = clientSecret(clientId, form.get("client_secret"));
                return appToken(app.clientId(), app.objectId(), scope);
            }
            if (!"urn:ietf:params:oauth:client-assertion-type:jwt-bearer".equals(form.get("client_assertion_type"))
                    || form.get("client_assertion") == null) {
                throw EntraError.entra(400, "invalid_request", 900144, "The request body must contain the following "
                        + "parameter: 'client_assertion' or 'client_secret'.");
            }
            List<FederatedCredential> candidates = federated.stream().filter(c -> c.clientId().equals(clientId)).toList();
            if (candidates.isEmpty()) {
                throw EntraError.entra(400, "unauthorized_client", 700016, "Application with identifier '" + clientId
                        + "' was not found in the directory '" + tenantId + "'.");
            }
            String scope = requireDefaultScope(form);
            FederatedCredential credential = assertions.verify(form.get("client_assertion"), candidates);
            return appToken(credential.clientId(), credential.objectId(), scope);
        } catch (EntraError e) {
            return e.reply();
        }
    }

    private static String requireDefaultScope(Map<String, String> form) {
        String scope = form.getOrDefault("scope", "");
        if (!scope.endsWith("/.default")) {
            throw EntraError.entra(400, "invalid_scope", 1002012, "The provided value for scope " + scope
                    + " is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier.");
        }
        return scope;
    }

    /**
     * Entra's checks of a client secret: an unknown application is 400 {@code unauthorized_client}
     * (AADSTS700016), a wrong secret 401 {@code invalid_client} (AADSTS7000215). The secret is compared
     * in constant time and never echoed.
     */
    private ClientSecretCredential clientSecret(String clientId, String presented) {
        ClientSecretCredential app = clientId == null ? null : clientSecrets.get(clientId);
        if (app == null) {
            throw EntraError.entra(400, "unauthorized_client", 700016, "Application with identifier '" + clientId
                    + "' was not found in the directory '" + tenantId + "'. This can happen if the application has not "
                    + "been installed by the administrator of the tenant or consented to by any user in the tenant.");
        }
        if (!MessageDigest.isEqual(app.secret().getBytes(StandardCharsets.UTF_8),
                String.valueOf(presented).getBytes(StandardCharsets.UTF_8))) {
            throw EntraError.entra(401, "invalid_client", 7000215, "Invalid client secret provided. Ensure the secret "
                    + "being sent in the request is the client secret value, not the client secret ID, for a secret "
                    + "added to app '" + clientId + "'.");
        }
        return app;
    }

    private HttpReply appToken(String clientId, String objectId, String scope) {
        String audience = scope.substring(0, scope.length() - "/.default".length());
        JWTClaimsSet claims = EntraClaims.application(entraMinter, tenantId, clientId, objectId, audience);
        ObjectNode body = JSON.createObjectNode();
        body.put("token_type", "Bearer");
        body.put("expires_in", 3599);
        body.put("ext_expires_in", 3599);
        body.put("access_token", entraMinter.sign(claims));
        return HttpReply.json(200, body.toString());
    }

    private HttpReply tenantOnly(IncomingRequest request, Function<IncomingRequest, HttpReply> handler) {
        try {
            requireTenant(request.pathGroup(1));
            return handler.apply(request);
        } catch (EntraError e) {
            return e.reply();
        }
    }

    private void requireTenant(String tenant) {
        if (!tenantId.equals(tenant)) {
            throw EntraError.entra(400, "invalid_tenant", 90002, "Tenant '" + tenant + "' not found.");
        }
    }

    private String discovery() {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("issuer", v2Issuer());
        doc.put("token_endpoint", entraTokenUrl());
        doc.put("jwks_uri", jwksUrl());
        doc.putArray("id_token_signing_alg_values_supported").add("RS256");
        doc.putArray("response_types_supported").add("code").add("id_token").add("code id_token").add("id_token token");
        doc.putArray("subject_types_supported").add("pairwise");
        doc.put("tenant_region_scope", "EU");
        return doc.toString();
    }
}
