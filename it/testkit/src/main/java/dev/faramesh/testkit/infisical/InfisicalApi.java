package dev.faramesh.testkit.infisical;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faramesh.testkit.HttpEndpoint;
import dev.faramesh.testkit.JsonExchange;
import java.io.IOException;
import java.util.Optional;
import java.util.UUID;

/**
 * Infisical's REST API as machine identities use it: universal-auth login, then secrets read with the
 * bearer access token through the current v4 routes ({@code /api/v4/secrets[/{name}]?projectId=})
 * and the older v3 raw routes the official SDKs still call ({@code /api/v3/secrets/raw[/{name}]?workspaceId=}).
 * Errors are {@code {"reqId","statusCode","message","error"}}.
 */
final class InfisicalApi implements HttpEndpoint.Handler {
    private static final String HIDDEN = "<hidden-by-infisical>";
    private final InfisicalServer server;

    InfisicalApi(InfisicalServer server) {
        this.server = server;
    }

    @Override
    public void handle(JsonExchange ex) throws IOException {
        String path = ex.path();
        if (path.equals("/api/v1/auth/universal-auth/login") && ex.method().equals("POST")) {
            login(ex);
            return;
        }
        boolean v4 = path.startsWith("/api/v4/secrets");
        boolean v3 = path.startsWith("/api/v3/secrets/raw");
        if (!v4 && !v3 || !ex.method().equals("GET")) {
            error(ex, 404, "NotFound", "Route " + ex.method() + ":" + path + " not found");
            return;
        }
        String auth = ex.header("Authorization").orElse("");
        Optional<InfisicalServer.Session> session = auth.startsWith("Bearer ") ? server.session(auth.substring(7)) : Optional.empty();
        if (session.isEmpty()) {
            error(ex, 401, "UnauthorizedError", "Token missing, invalid or expired");
            return;
        }
        String rest = path.substring(v4 ? "/api/v4/secrets".length() : "/api/v3/secrets/raw".length());
        String name = rest.startsWith("/") && rest.length() > 1 ? rest.substring(1) : null;
        String projectId = ex.query(v4 ? "projectId" : "workspaceId").orElse(ex.query("projectId").orElse(null));
        String environment = ex.query("environment").orElse(null);
        if (projectId == null || environment == null) {
            error(ex, 422, "ValidationFailure", (v4 ? "projectId" : "workspaceId") + " and environment are required");
            return;
        }
        if (server.denyingAll() || !session.get().identity().allows(projectId)) {
            error(ex, 403, "PermissionDenied", "You are not allowed to read on secrets");
            return;
        }
        String secretPath = ex.query("secretPath").filter(s -> !s.isEmpty()).orElse("/");
        boolean view = !ex.query("viewSecretValue").map("false"::equals).orElse(false);
        if (name == null) {
            ArrayNode list = JsonExchange.JSON.createArrayNode();
            server.secrets.list(projectId, environment, secretPath).forEach((at, v) -> list.add(secret(at, v, view)));
            ObjectNode out = JsonExchange.JSON.createObjectNode();
            out.set("secrets", list);
            out.putArray("imports");
            ex.sendJson(200, out);
            return;
        }
        Integer version;
        try {
            version = ex.query("version").filter(s -> !s.isEmpty()).map(Integer::valueOf).orElse(null);
        } catch (NumberFormatException e) {
            error(ex, 422, "ValidationFailure", "version must be a number");
            return;
        }
        ProjectSecrets.Location at = new ProjectSecrets.Location(projectId, environment, secretPath, name);
        Optional<ProjectSecrets.Version> v = server.secrets.get(at, version);
        if (v.isEmpty()) {
            error(ex, 404, "NotFound", "Secret with name '" + name + "' not found");
            return;
        }
        ObjectNode out = JsonExchange.JSON.createObjectNode();
        out.set("secret", secret(at, v.get(), view));
        ex.sendJson(200, out);
    }

    private void login(JsonExchange ex) throws IOException {
        JsonNode body = ex.json();
        Optional<String> token = server.login(body.path("clientId").asText(""), body.path("clientSecret").asText(""));
        if (token.isEmpty()) {
            error(ex, 401, "UnauthorizedError", "Invalid credentials");
            return;
        }
        long ttl = server.tokenTtl().toSeconds();
        ObjectNode out = JsonExchange.JSON.createObjectNode();
        out.put("accessToken", token.get());
        out.put("expiresIn", ttl);
        out.put("accessTokenMaxTTL", ttl * 30);
        out.put("tokenType", "Bearer");
        ex.sendJson(200, out);
    }

    private ObjectNode secret(ProjectSecrets.Location at, ProjectSecrets.Version v, boolean view) {
        ObjectNode s = JsonExchange.JSON.createObjectNode();
        s.put("id", v.id());
        s.put("_id", v.id());
        s.put("workspace", at.projectId());
        s.put("environment", at.environment());
        s.put("version", v.version());
        s.put("type", "shared");
        s.put("secretKey", at.key());
        s.put("secretValue", view ? v.value() : HIDDEN);
        s.put("secretValueHidden", !view);
        s.put("secretComment", "");
        s.put("secretPath", at.path());
        s.put("skipMultilineEncoding", false);
        s.putArray("tags");
        s.put("createdAt", server.secrets.firstCreated(at).orElse(v.created()).toString());
        s.put("updatedAt", v.created().toString());
        return s;
    }

    private static void error(JsonExchange ex, int status, String error, String message) throws IOException {
        ObjectNode out = JsonExchange.JSON.createObjectNode();
        out.put("reqId", "req-" + UUID.randomUUID().toString().substring(0, 14));
        out.put("statusCode", status);
        out.put("message", message);
        out.put("error", error);
        ex.sendJson(status, out, "application/json; charset=utf-8");
    }

}
