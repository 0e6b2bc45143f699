package dev.faramesh.testkit.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faramesh.testkit.HttpEndpoint;
import dev.faramesh.testkit.JsonExchange;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Key Vault's secrets REST API: the bearer-challenge handshake (401 with {@code WWW-Authenticate:
 * Bearer authorization=".../{tenant}", resource="https://vault.azure.net"}), {@code api-version}
 * checking, {@code GET /secrets/{name}[/{version}]}, {@code PUT /secrets/{name}}, the version and
 * secret listings, and {@code PATCH} to enable or disable a version. Errors are
 * {@code {"error":{"code","message"}}} with Key Vault's codes.
 */
final class KeyVaultApi implements HttpEndpoint.Handler {
    static final Set<String> API_VERSIONS = Set.of("2025-07-01", "7.6", "7.5", "7.4", "7.3", "7.2", "7.1", "7.0", "2016-10-01");
    private final AzureKeyVaultServer server;

    KeyVaultApi(AzureKeyVaultServer server) {
        this.server = server;
    }

    @Override
    public void handle(JsonExchange ex) throws IOException {
        ex.setHeader("x-ms-request-id", UUID.randomUUID().toString());
        ex.setHeader("x-ms-keyvault-service-version", "1.9.0.0");
        Optional<String> auth = ex.header("Authorization");
        if (auth.isEmpty() || !auth.get().startsWith("Bearer ")) {
            challenge(ex, "AKV10000: Request is missing a Bearer or PoP token.");
            return;
        }
        if (!server.tokenVerifier.test(auth.get().substring(7))) {
            challenge(ex, "AKV10032: Invalid issuer or token.");
            return;
        }
        String apiVersion = ex.query("api-version").orElse(null);
        if (apiVersion == null) {
            error(ex, 400, "BadParameter", "The api-version query parameter is missing.");
            return;
        }
        if (!API_VERSIONS.contains(apiVersion)) {
            error(ex, 400, "BadParameter", "The specified version (" + apiVersion
                    + ") is not recognized. Consider using the latest supported version (2025-07-01).");
            return;
        }
        if (server.denyingAll()) {
            error(ex, 403, "Forbidden", "Caller is not authorized to perform action on resource.", "ForbiddenByRbac");
            return;
        }
        String[] parts = ex.path().replaceAll("/+$", "").split("/");
        // parts: "", "secrets", name?, version-or-"versions"?
        if (parts.length < 2 || !parts[1].equals("secrets") || parts.length > 4) {
            error(ex, 404, "NotFound", "The requested resource was not found.");
            return;
        }
        String name = parts.length > 2 ? parts[2] : null;
        String second = parts.length > 3 ? parts[3] : "";
        switch (ex.method()) {
            case "GET" -> {
                if (name == null) {
                    listSecrets(ex);
                } else if (second.equals("versions")) {
                    listVersions(ex, name);
                } else {
                    get(ex, name, second);
                }
            }
            case "PUT" -> set(ex, name);
            case "PATCH" -> update(ex, name, second);
            default -> error(ex, 405, "BadParameter", "Method not allowed.");
        }
    }

    private void get(JsonExchange ex, String name, String version) throws IOException {
        Optional<SecretVersions.Version> v = server.secrets.find(name, version);
        if (v.isEmpty()) {
            notFound(ex, version.isEmpty() ? name : name + "/" + version);
            return;
        }
        if (!v.get().enabled) {
            error(ex, 403, "Forbidden", "Operation get is not allowed on a disabled secret.", "SecretDisabled");
            return;
        }
        ex.sendJson(200, bundle(name, v.get(), true));
    }

    private void set(JsonExchange ex, String name) throws IOException {
        JsonNode body = ex.json();
        if (name == null || !body.path("value").isTextual()) {
            error(ex, 400, "BadParameter", "Property value is required.");
            return;
        }
        String contentType = body.path("contentType").isTextual() ? body.get("contentType").asText() : null;
        SecretVersions.Version v = server.secrets.add(name, body.get("value").asText(), contentType, server.clock.instant());
        ex.sendJson(200, bundle(name, v, true));
    }

    private void update(JsonExchange ex, String name, String version) throws IOException {
        Optional<SecretVersions.Version> v = server.secrets.find(name, version);
        if (v.isEmpty()) {
            notFound(ex, name + "/" + version);
            return;
        }
        JsonNode enabled = ex.json().path("attributes").path("enabled");
        if (enabled.isBoolean()) {
            synchronized (server.secrets) {
                v.get().enabled = enabled.asBoolean();
                v.get().updated = server.clock.instant();
            }
        }
        ex.sendJson(200, bundle(name, v.get(), false));
    }

    private void listSecrets(JsonExchange ex) throws IOException {
        ArrayNode items = JsonExchange.JSON.createArrayNode();
        for (String name : server.secrets.names()) {
            server.secrets.find(name, "").ifPresent(v -> {
                ObjectNode item = bundle(name, v, false);
                item.put("id", server.baseUrl() + "/secrets/" + name);
                items.add(item);
            });
        }
        page(ex, items);
    }

    private void listVersions(JsonExchange ex, String name) throws IOException {
        if (server.secrets.versions(name).isEmpty()) {
            notFound(ex, name);
            return;
        }
        ArrayNode items = JsonExchange.JSON.createArrayNode();
        server.secrets.versions(name).forEach(v -> items.add(bundle(name, v, false)));
        page(ex, items);
    }

    private static void page(JsonExchange ex, ArrayNode items) throws IOException {
        ObjectNode out = JsonExchange.JSON.createObjectNode();
        out.set("value", items);
        out.putNull("nextLink");
        ex.sendJson(200, out);
    }

    private ObjectNode bundle(String name, SecretVersions.Version v, boolean withValue) {
        ObjectNode b = JsonExchange.JSON.createObjectNode();
        if (withValue) {
            b.put("value", v.value);
        }
        if (v.contentType != null) {
            b.put("contentType", v.contentType);
        }
        b.put("id", server.baseUrl() + "/secrets/" + name + "/" + v.id);
        ObjectNode a = b.putObject("attributes");
        a.put("enabled", v.enabled);
        a.put("created", v.created.getEpochSecond());
        a.put("updated", v.updated.getEpochSecond());
        a.put("recoveryLevel", "Recoverable+Purgeable");
        a.put("recoverableDays", 90);
        b.putObject("tags");
        return b;
    }

    private void challenge(JsonExchange ex, String message) throws IOException {
        ex.setHeader("WWW-Authenticate", "Bearer authorization=\"https://login.microsoftonline.com/" + server.tenantId()
                + "\", resource=\"https://vault.azure.net\"");
        error(ex, 401, "Unauthorized", message);
    }

    private static void notFound(JsonExchange ex, String what) throws IOException {
        error(ex, 404, "SecretNotFound", "A secret with (name/id) " + what + " was not found in this key vault. "
                + "If you recently deleted this secret you may be able to recover it using the correct recovery command.");
    }

    private static void error(JsonExchange ex, int status, String code, String message) throws IOException {
        error(ex, status, code, message, null);
    }

    private static void error(JsonExchange ex, int status, String code, String message, String inner) throws IOException {
        ObjectNode out = JsonExchange.JSON.createObjectNode();
        ObjectNode e = out.putObject("error").put("code", code).put("message", message);
        if (inner != null) {
            e.putObject("innererror").put("code", inner);
        }
        ex.sendJson(status, out, "application/json; charset=utf-8");
    }
}
