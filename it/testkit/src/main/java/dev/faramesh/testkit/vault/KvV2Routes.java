package dev.faramesh.testkit.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faramesh.testkit.JsonExchange;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The KV version 2 routes of one mount: {@code data/}, {@code metadata/}, {@code delete/},
 * {@code undelete/} and {@code destroy/}, answering with the shapes Vault documents (a missing or
 * deleted path is a 404 with an empty {@code errors} list).
 */
final class KvV2Routes {
    private final KvV2Mount kv;
    private final Instant now;

    KvV2Routes(KvV2Mount kv, Instant now) {
        this.kv = kv;
        this.now = now;
    }

    void handle(JsonExchange ex, String method, String rest) throws IOException {
        int slash = rest.indexOf('/');
        String area = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash + 1);
        switch (area) {
            case "data" -> data(ex, method, path);
            case "metadata" -> metadata(ex, method, path);
            case "delete", "undelete", "destroy" -> versions(ex, method, area, path);
            default -> VaultApi.errors(ex, 404, "no handler for route \"" + rest + "\"");
        }
    }

    private void data(JsonExchange ex, String method, String path) throws IOException {
        switch (method) {
            case "GET" -> {
                int version = ex.query("version").map(Integer::parseInt).orElse(0);
                Optional<KvV2Mount.Version> v = kv.read(path, version);
                if (v.isEmpty()) {
                    VaultApi.errors(ex, 404);
                    return;
                }
                ObjectNode data = JsonExchange.JSON.createObjectNode();
                data.set("data", v.get().readable() ? v.get().data : JsonExchange.JSON.nullNode());
                data.set("metadata", versionMetadata(v.get()));
                // A deleted or destroyed version answers 404 but still carries its metadata.
                VaultApi.send(ex, v.get().readable() ? 200 : 404, VaultApi.envelope(data));
            }
            case "POST", "PUT" -> {
                JsonNode body = ex.json();
                if (!body.path("data").isObject()) {
                    VaultApi.errors(ex, 400, "no data provided");
                    return;
                }
                JsonNode cas = body.path("options").path("cas");
                try {
                    KvV2Mount.Version v = kv.write(path, body.get("data"), cas.isNumber() ? cas.asInt() : null, now);
                    VaultApi.send(ex, 200, VaultApi.envelope(versionMetadata(v)));
                } catch (KvV2Mount.CasMismatch e) {
                    VaultApi.errors(ex, 400, "check-and-set parameter did not match the current version");
                }
            }
            case "DELETE" -> {
                kv.deleteLatest(path, now);
                ex.sendEmpty(204);
            }
            default -> VaultApi.errors(ex, 405, "unsupported operation");
        }
    }

    private void metadata(JsonExchange ex, String method, String path) throws IOException {
        switch (method) {
            case "LIST" -> {
                List<String> keys = kv.list(path);
                if (keys.isEmpty()) {
                    VaultApi.errors(ex, 404);
                    return;
                }
                ObjectNode data = JsonExchange.JSON.createObjectNode();
                data.set("keys", JsonExchange.JSON.valueToTree(keys));
                VaultApi.send(ex, 200, VaultApi.envelope(data));
            }
            case "GET" -> {
                Optional<KvV2Mount.Secret> s = kv.metadata(path);
                if (s.isEmpty()) {
                    VaultApi.errors(ex, 404);
                    return;
                }
                VaultApi.send(ex, 200, VaultApi.envelope(secretMetadata(s.get())));
            }
            case "DELETE" -> {
                kv.deleteAll(path);
                ex.sendEmpty(204);
            }
            default -> VaultApi.errors(ex, 405, "unsupported operation");
        }
    }

    private void versions(JsonExchange ex, String method, String area, String path) throws IOException {
        if (!method.equals("POST") && !method.equals("PUT")) {
            VaultApi.errors(ex, 405, "unsupported operation");
            return;
        }
        List<Integer> versions = new ArrayList<>();
        ex.json().path("versions").forEach(n -> versions.add(n.asInt()));
        if (versions.isEmpty()) {
            VaultApi.errors(ex, 400, "no version number provided");
            return;
        }
        switch (area) {
            case "delete" -> kv.delete(path, versions, now);
            case "undelete" -> kv.undelete(path, versions);
            default -> kv.destroy(path, versions);
        }
        ex.sendEmpty(204);
    }

    private static ObjectNode versionMetadata(KvV2Mount.Version v) {
        ObjectNode m = JsonExchange.JSON.createObjectNode();
        m.put("created_time", v.created.toString());
        m.putNull("custom_metadata");
        m.put("deletion_time", v.deleted == null ? "" : v.deleted.toString());
        m.put("destroyed", v.destroyed);
        m.put("version", v.number);
        return m;
    }

    private static ObjectNode secretMetadata(KvV2Mount.Secret s) {
        ObjectNode m = JsonExchange.JSON.createObjectNode();
        m.put("cas_required", false);
        m.put("created_time", s.created.toString());
        m.put("current_version", s.current());
        m.putNull("custom_metadata");
        m.put("delete_version_after", "0s");
        m.put("max_versions", 0);
        m.put("oldest_version", s.versions.isEmpty() ? 0 : s.versions.get(0).number);
        m.put("updated_time", s.updated.toString());
        ObjectNode versions = m.putObject("versions");
        for (KvV2Mount.Version v : s.versions) {
            ObjectNode o = versions.putObject(Integer.toString(v.number));
            o.put("created_time", v.created.toString());
            o.put("deletion_time", v.deleted == null ? "" : v.deleted.toString());
            o.put("destroyed", v.destroyed);
        }
        return m;
    }
}
