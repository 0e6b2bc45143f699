package dev.faramesh.testkit.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faramesh.testkit.HttpEndpoint;
import dev.faramesh.testkit.JsonExchange;
import java.io.IOException;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Vault's HTTP API over the state held by {@link VaultServer}. Replies use Vault's envelope
 * ({@code request_id}, {@code lease_id}, {@code data}, {@code auth}, ...), errors use
 * {@code {"errors":[...]}}, and the content type is exactly {@code application/json} because the
 * Java driver compares it as a raw string.
 */
final class VaultApi implements HttpEndpoint.Handler {
    private static final JsonNode NULL = JsonExchange.JSON.nullNode();
    private final VaultServer vault;

    VaultApi(VaultServer vault) {
        this.vault = vault;
    }

    @Override
    public void handle(JsonExchange ex) throws IOException {
        String path = ex.path();
        if (!path.startsWith("/v1/")) {
            errors(ex, 404, "no handler for route \"" + path + "\"");
            return;
        }
        String api = path.substring(4);
        String method = ex.method().equals("GET") && ex.query("list").map("true"::equals).orElse(false) ? "LIST" : ex.method();
        if (api.startsWith("auth/") && api.endsWith("/login")) {
            login(ex, api.substring(5, api.length() - 6));
            return;
        }
        Optional<TokenStore.Token> token = vault.tokens.lookup(ex.header("X-Vault-Token").orElse(null));
        if (token.isEmpty() || vault.denyingAll()) {
            errors(ex, 403, "permission denied");
            return;
        }
        if (api.startsWith("auth/token/")) {
            tokenSelf(ex, api.substring(11), token.get());
        } else if (api.equals("sys/mounts") && method.equals("GET")) {
            mounts(ex);
        } else if (api.startsWith("sys/leases/") || api.equals("sys/renew") || api.startsWith("sys/renew/")
                || api.equals("sys/revoke") || api.startsWith("sys/revoke/")) {
            // The default policy lets any token renew, look up and (here) revoke its leases.
            leases(ex, api.startsWith("sys/leases/") ? api.substring(11) : api.substring(4));
        } else if (!token.get().rule().allows(api)) {
            errors(ex, 403, "permission denied");
        } else {
            engine(ex, method, api);
        }
    }

    private void engine(JsonExchange ex, String method, String api) throws IOException {
        int slash = api.indexOf('/');
        String mount = slash < 0 ? api : api.substring(0, slash);
        String rest = slash < 0 ? "" : api.substring(slash + 1);
        KvV2Mount kv = vault.kvMounts.get(mount);
        if (kv != null) {
            new KvV2Routes(kv, vault.clock.instant()).handle(ex, method, rest);
        } else if (mount.equals("database") && rest.startsWith("creds/") && method.equals("GET")) {
            databaseCreds(ex, rest.substring(6));
        } else {
            errors(ex, 404, "no handler for route \"" + api + "\". route entry not found.");
        }
    }

    private void databaseCreds(JsonExchange ex, String roleName) throws IOException {
        DatabaseRole role = vault.databaseRoles.get(roleName);
        if (role == null) {
            errors(ex, 400, "unknown role: " + roleName);
            return;
        }
        Map.Entry<Lease, String> issued = vault.leases.issue("database", role);
        Lease lease = issued.getKey();
        ObjectNode data = JsonExchange.JSON.createObjectNode();
        data.put("username", lease.username());
        data.put("password", issued.getValue());
        ObjectNode body = envelope(data);
        body.put("lease_id", lease.id());
        body.put("renewable", lease.renewable());
        body.put("lease_duration", Duration.between(vault.clock.instant(), lease.expires()).toSeconds());
        send(ex, 200, body);
    }

    private void leases(JsonExchange ex, String op) throws IOException {
        if (!ex.method().equals("PUT") && !ex.method().equals("POST")) {
            errors(ex, 405, "unsupported operation");
            return;
        }
        JsonNode body = ex.json();
        String fromBody = body.path("lease_id").asText("");
        if (op.equals("renew") || op.startsWith("renew/")) {
            String id = op.equals("renew") ? fromBody : op.substring(6);
            try {
                Duration increment = Duration.ofSeconds(body.path("increment").asLong(0));
                DatabaseRole role = vault.leases.find(id).map(l -> vault.databaseRoles.get(l.role())).orElse(null);
                LeaseTable.Renewal r = vault.leases.renew(id, increment, role == null ? Duration.ZERO : role.ttl());
                ObjectNode out = envelope(NULL);
                out.put("lease_id", r.lease().id());
                out.put("renewable", r.lease().renewable());
                out.put("lease_duration", r.ttlSeconds());
                if (r.warning() != null) {
                    out.set("warnings", JsonExchange.JSON.createArrayNode().add(r.warning()));
                }
                send(ex, 200, out);
            } catch (LeaseTable.NotRenewable e) {
                errors(ex, 400, e.getMessage());
            }
        } else if (op.equals("revoke") || op.startsWith("revoke/")) {
            vault.leases.revoke(op.equals("revoke") ? fromBody : op.substring(7));
            ex.sendEmpty(204);
        } else if (op.startsWith("revoke-prefix/") || op.startsWith("revoke-force/")) {
            vault.leases.revokePrefix(op.substring(op.indexOf('/') + 1));
            ex.sendEmpty(204);
        } else if (op.equals("lookup")) {
            Optional<Lease> lease = vault.leases.find(fromBody);
            if (lease.isEmpty()) {
                errors(ex, 400, "invalid lease");
                return;
            }
            Lease l = lease.get();
            Instant now = vault.clock.instant();
            ObjectNode data = JsonExchange.JSON.createObjectNode();
            data.put("id", l.id());
            data.put("issue_time", l.issued().toString());
            data.put("expire_time", l.expires().toString());
            data.put("last_renewal", l.lastRenewal() == null ? null : l.lastRenewal().toString());
            data.put("renewable", l.renewable());
            data.put("ttl", l.activeAt(now) ? Duration.between(now, l.expires()).toSeconds() : 0);
            send(ex, 200, envelope(data));
        } else {
            errors(ex, 404, "no handler for route \"sys/leases/" + op + "\"");
        }
    }

    private void tokenSelf(JsonExchange ex, String op, TokenStore.Token token) throws IOException {
        switch (op) {
            case "lookup-self" -> {
                Instant now = vault.clock.instant();
                ObjectNode data = JsonExchange.JSON.createObjectNode();
                data.put("accessor", token.accessor());
                data.put("creation_time", token.created().getEpochSecond());
                data.put("creation_ttl", token.ttl().toSeconds());
                data.put("display_name", token.displayName());
                data.put("expire_time", token.expires() == null ? null : token.expires().toString());
                data.put("explicit_max_ttl", 0);
                data.put("id", token.id());
                data.put("num_uses", 0);
                data.put("orphan", true);
                data.put("path", token.expires() == null ? "auth/token/root" : "auth/token/create");
                data.set("policies", policies(token.rule()));
                data.put("renewable", token.renewable());
                data.put("ttl", token.ttlSeconds(now));
                data.put("type", "service");
                data.set("meta", JsonExchange.JSON.valueToTree(token.meta()));
                send(ex, 200, envelope(data));
            }
            case "renew-self" -> {
                long increment = ex.json().path("increment").asLong(0);
                TokenStore.Token renewed = vault.tokens.renew(token, Duration.ofSeconds(increment));
                send(ex, 200, authEnvelope(renewed));
            }
            case "revoke-self" -> {
                vault.tokens.revoke(token.id());
                ex.sendEmpty(204);
            }
            default -> errors(ex, 404, "no handler for route \"auth/token/" + op + "\"");
        }
    }

    private void login(JsonExchange ex, String mountPath) throws IOException {
        VaultServer.AuthMount mount = vault.authMounts.get(mountPath);
        if (mount == null || !ex.method().equals("POST") && !ex.method().equals("PUT")) {
            errors(ex, 404, "no handler for route \"auth/" + mountPath + "/login\"");
            return;
        }
        if (vault.denyingAll()) {
            errors(ex, 403, "permission denied");
            return;
        }
        JsonNode body = ex.json();
        if (mount.type().equals("approle")) {
            String roleId = body.path("role_id").asText("");
            String secretId = body.path("secret_id").asText("");
            Optional<VaultServer.AuthRole> role = mount.roles().values().stream()
                    .filter(r -> r.roleId().equals(roleId)).findFirst();
            if (role.isEmpty()) {
                errors(ex, 400, "invalid role ID");
            } else if (!MessageDigest.isEqual(role.get().secretId().getBytes(StandardCharsets.UTF_8),
                    secretId.getBytes(StandardCharsets.UTF_8))) {
                errors(ex, 400, "invalid secret id");
            } else {
                issue(ex, role.get(), Map.of("role_name", role.get().name()));
            }
            return;
        }
        String roleName = body.path("role").asText("");
        VaultServer.AuthRole role = mount.roles().get(roleName);
        if (role == null) {
            errors(ex, 400, "role \"" + roleName + "\" could not be found");
            return;
        }
        Optional<Map<String, String>> meta;
        try {
            meta = role.verifier().verify(roleName, body.path("jwt").asText(""));
        } catch (LoginVerifier.Refused refused) {
            errors(ex, mount.type().equals("jwt") ? 400 : 403,
                    mount.type().equals("jwt") ? refused.getMessage() : "permission denied");
            return;
        }
        if (meta.isEmpty()) {
            // The JWT method reports a validation error; Kubernetes answers as a failed TokenReview.
            if (mount.type().equals("jwt")) {
                errors(ex, 400, "error validating token: invalid token");
            } else {
                errors(ex, 403, "permission denied");
            }
            return;
        }
        Map<String, String> m = new java.util.LinkedHashMap<>(meta.get());
        m.put("role", roleName);
        issue(ex, role, m);
    }

    private void issue(JsonExchange ex, VaultServer.AuthRole role, Map<String, String> meta) throws IOException {
        TokenStore.Token t = vault.tokens.create(role.rule(), role.name(), meta, role.tokenTtl());
        send(ex, 200, authEnvelope(t));
    }

    private ObjectNode authEnvelope(TokenStore.Token t) {
        ObjectNode auth = JsonExchange.JSON.createObjectNode();
        auth.put("client_token", t.id());
        auth.put("accessor", t.accessor());
        auth.set("policies", policies(t.rule()));
        auth.set("token_policies", policies(t.rule()));
        auth.set("metadata", JsonExchange.JSON.valueToTree(t.meta()));
        auth.put("lease_duration", t.ttlSeconds(vault.clock.instant()));
        auth.put("renewable", t.renewable());
        auth.put("entity_id", UUID.nameUUIDFromBytes(t.accessor().getBytes(StandardCharsets.UTF_8)).toString());
        auth.put("token_type", "service");
        auth.put("orphan", true);
        auth.putNull("mfa_requirement");
        auth.put("num_uses", 0);
        ObjectNode out = envelope(NULL);
        out.set("auth", auth);
        return out;
    }

    private static ArrayNode policies(AccessRule rule) {
        ArrayNode a = JsonExchange.JSON.createArrayNode();
        if (rule == AccessRule.ROOT) {
            return a.add("root");
        }
        return a.add("default").add(rule.name());
    }

    private void mounts(JsonExchange ex) throws IOException {
        ObjectNode mounts = JsonExchange.JSON.createObjectNode();
        for (String kv : vault.kvMounts.keySet()) {
            mounts.set(kv + "/", mount("kv", "key/value secret storage", JsonExchange.JSON.createObjectNode().put("version", "2")));
        }
        mounts.set("database/", mount("database", "dynamic database credentials", NULL));
        mounts.set("sys/", mount("system", "system endpoints used for control, policy and debugging", NULL));
        mounts.set("cubbyhole/", mount("cubbyhole", "per-token private secret storage", NULL));
        // Vault answers with the mounts both at the top level (legacy) and under "data".
        ObjectNode out = envelope(mounts);
        mounts.properties().forEach(e -> out.set(e.getKey(), e.getValue()));
        send(ex, 200, out);
    }

    private static ObjectNode mount(String type, String description, JsonNode options) {
        ObjectNode m = JsonExchange.JSON.createObjectNode();
        m.put("type", type);
        m.put("description", description);
        m.put("accessor", type + "_" + Integer.toHexString(type.hashCode()));
        m.set("config", JsonExchange.JSON.createObjectNode().put("default_lease_ttl", 0).put("max_lease_ttl", 0));
        m.set("options", options);
        m.put("local", false);
        m.put("seal_wrap", false);
        return m;
    }

    static ObjectNode envelope(JsonNode data) {
        ObjectNode o = JsonExchange.JSON.createObjectNode();
        o.put("request_id", UUID.randomUUID().toString());
        o.put("lease_id", "");
        o.put("renewable", false);
        o.put("lease_duration", 0);
        o.set("data", data);
        o.putNull("wrap_info");
        o.putNull("warnings");
        o.putNull("auth");
        return o;
    }

    static void send(JsonExchange ex, int status, JsonNode body) throws IOException {
        ex.sendJson(status, body, "application/json");
    }

    static void errors(JsonExchange ex, int status, String... messages) throws IOException {
        List<String> list = new ArrayList<>(List.of(messages));
        send(ex, status, JsonExchange.JSON.createObjectNode().set("errors", JsonExchange.JSON.valueToTree(list)));
    }
}
