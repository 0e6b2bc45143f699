package dev.faramesh.testkit.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faramesh.testkit.HttpEndpoint;
import dev.faramesh.testkit.JsonExchange;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.util.Base64;
import java.util.Map;

/**
 * Secret Manager's HTTP/JSON transport (the REST mapping of the same RPCs): {@code GET
 * /v1/{name}:access}, {@code POST /v1/{parent}:addVersion}, {@code POST /v1/{parent}/secrets?secretId=},
 * {@code GET /v1/{version}} and {@code POST /v1/{version}:enable|:disable|:destroy}. int64 fields are
 * JSON strings and enums follow {@code $alt=json;enum-encoding=int} when the client asks for numbers;
 * errors are Google's {@code {"error":{"code","message","status"}}}.
 */
final class SecretManagerRestApi implements HttpEndpoint.Handler {
    private static final Map<Status.Code, Integer> HTTP = Map.of(
            Status.Code.NOT_FOUND, 404, Status.Code.PERMISSION_DENIED, 403, Status.Code.FAILED_PRECONDITION, 400,
            Status.Code.INVALID_ARGUMENT, 400, Status.Code.ALREADY_EXISTS, 409, Status.Code.UNAUTHENTICATED, 401);

    private final GcpSecretManagerServer server;

    SecretManagerRestApi(GcpSecretManagerServer server) {
        this.server = server;
    }

    @Override
    public void handle(JsonExchange ex) throws IOException {
        String path = ex.path();
        boolean intEnums = ex.query("$alt").map(a -> a.contains("enum-encoding=int")).orElse(false);
        try {
            if (!path.startsWith("/v1/")) {
                throw Status.NOT_FOUND.withDescription("The requested URL was not found on this server.").asRuntimeException();
            }
            String resource = path.substring(4);
            int colon = resource.lastIndexOf(':');
            String verb = colon < 0 ? "" : resource.substring(colon + 1);
            String name = colon < 0 ? resource : resource.substring(0, colon);
            ex.sendJson(200, route(ex, verb, name, intEnums));
        } catch (StatusRuntimeException e) {
            ObjectNode error = JsonExchange.JSON.createObjectNode();
            int code = HTTP.getOrDefault(e.getStatus().getCode(), 500);
            error.putObject("error").put("code", code).put("message", e.getStatus().getDescription())
                    .put("status", e.getStatus().getCode().name());
            ex.sendJson(code, error, "application/json; charset=UTF-8");
        }
    }

    private ObjectNode route(JsonExchange ex, String verb, String name, boolean intEnums) throws IOException {
        server.pause();
        String method = ex.method();
        if (method.equals("GET") && verb.equals("access")) {
            server.check("secretmanager.versions.access", name);
            SecretVersionStore.Access a = server.store.access(name, server.corruptCrc);
            ObjectNode out = JsonExchange.JSON.createObjectNode().put("name", a.name());
            out.putObject("payload").put("data", Base64.getEncoder().encodeToString(a.data()))
                    .put("dataCrc32c", Long.toString(a.crc32c()));
            return out;
        }
        if (method.equals("POST") && verb.equals("addVersion")) {
            server.check("secretmanager.versions.add", name);
            JsonNode payload = ex.json().path("payload");
            byte[] data = Base64.getDecoder().decode(payload.path("data").asText(""));
            if (payload.has("dataCrc32c") && payload.get("dataCrc32c").asLong() != SecretVersionStore.crc32c(data)) {
                throw Status.INVALID_ARGUMENT.withDescription("Checksum mismatch: the data_crc32c provided does not match the payload.")
                        .asRuntimeException();
            }
            return version(server.store.add(name, data), intEnums);
        }
        if (method.equals("POST") && verb.isEmpty() && name.endsWith("/secrets")) {
            String secret = name + "/" + ex.query("secretId").orElse("");
            server.check("secretmanager.secrets.create", name);
            server.store.createSecret(secret);
            ObjectNode out = JsonExchange.JSON.createObjectNode().put("name", secret);
            out.putObject("replication").putObject("automatic");
            out.put("createTime", server.store.createdAt(secret).toString());
            return out;
        }
        if (method.equals("GET") && verb.isEmpty()) {
            server.check("secretmanager.versions.get", name);
            return version(server.store.get(name), intEnums);
        }
        if (method.equals("POST") && (verb.equals("enable") || verb.equals("disable") || verb.equals("destroy"))) {
            SecretVersionStore.State state = switch (verb) {
                case "enable" -> SecretVersionStore.State.ENABLED;
                case "disable" -> SecretVersionStore.State.DISABLED;
                default -> SecretVersionStore.State.DESTROYED;
            };
            return version(server.store.setState(name, state), intEnums);
        }
        throw Status.NOT_FOUND.withDescription("The requested URL was not found on this server.").asRuntimeException();
    }

    private static ObjectNode version(SecretVersionStore.Version v, boolean intEnums) {
        ObjectNode out = JsonExchange.JSON.createObjectNode().put("name", v.name).put("createTime", v.created.toString());
        if (intEnums) {
            out.put("state", v.state.ordinal() + 1);
        } else {
            out.put("state", v.state.name());
        }
        return out;
    }
}
