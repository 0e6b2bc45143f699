package dev.faramesh.testkit.onepassword;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faramesh.testkit.HttpEndpoint;
import dev.faramesh.testkit.JsonExchange;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The read side of the 1Password Connect REST API: {@code /v1/vaults}, {@code /v1/vaults/{id}},
 * {@code /v1/vaults/{id}/items}, {@code /v1/vaults/{id}/items/{id}}, with the SCIM-style
 * {@code filter=title eq "..."} / {@code name eq "..."} / {@code title co "..."} that the clients use
 * for lookup by title, plus the unauthenticated {@code /heartbeat} and {@code /health}. Errors are
 * {@code {"status":N,"message":"..."}}.
 */
final class ConnectApi implements HttpEndpoint.Handler {
    private static final Pattern FILTER = Pattern.compile("\\s*(\\w+)\\s+(eq|co)\\s+\"(.*)\"\\s*");
    private final OnePasswordConnectServer server;

    ConnectApi(OnePasswordConnectServer server) {
        this.server = server;
    }

    @Override
    public void handle(JsonExchange ex) throws IOException {
        String path = ex.path().replaceAll("/+$", "");
        if (path.equals("/heartbeat")) {
            ex.sendText(200, ".");
            return;
        }
        if (path.equals("/health")) {
            ObjectNode h = JsonExchange.JSON.createObjectNode().put("name", "1Password Connect API").put("version", "1.7.3");
            h.putArray("dependencies").addObject().put("service", "sqlite").put("status", "ACTIVE")
                    .put("message", "Connected to a sqlite database");
            ex.sendJson(200, h);
            return;
        }
        String auth = ex.header("Authorization").orElse("");
        if (!auth.startsWith("Bearer ") || !server.tokenAccepted(auth.substring(7))) {
            error(ex, 401, "Invalid token signature");
            return;
        }
        if (server.denyingAll()) {
            error(ex, 403, "Authorization: Access denied");
            return;
        }
        String[] p = path.split("/");
        // "", "v1", "vaults", vaultId?, "items"?, itemId?
        if (p.length < 3 || !p[1].equals("v1") || !p[2].equals("vaults") || p.length == 5 && !p[4].equals("items") || p.length > 6) {
            error(ex, 404, "Invalid request path");
            return;
        }
        if (!ex.method().equals("GET")) {
            error(ex, 405, "Method not allowed");
            return;
        }
        Optional<Predicate<String>[]> filter;
        try {
            filter = ex.query("filter").map(ConnectApi::parseFilter);
        } catch (IllegalArgumentException e) {
            error(ex, 400, "Invalid filter query");
            return;
        }
        if (p.length == 3) {
            ArrayNode out = JsonExchange.JSON.createArrayNode();
            for (ItemStore.Vault v : server.store.vaults()) {
                if (filter.isEmpty() || filter.get()[0].test("name") && filter.get()[1].test(v.name)) {
                    out.add(vault(v));
                }
            }
            ex.sendJson(200, out);
            return;
        }
        Optional<ItemStore.Vault> vault = server.store.vault(p[3]);
        if (vault.isEmpty()) {
            error(ex, 404, "vault " + p[3] + " not found");
            return;
        }
        if (p.length == 4) {
            ex.sendJson(200, vault(vault.get()));
        } else if (p.length == 5) {
            ArrayNode out = JsonExchange.JSON.createArrayNode();
            for (ItemStore.Item i : server.store.items(p[3])) {
                if (filter.isEmpty() || filter.get()[0].test("title") && filter.get()[1].test(i.title)) {
                    out.add(item(i, false));
                }
            }
            ex.sendJson(200, out);
        } else {
            Optional<ItemStore.Item> item = server.store.item(p[3], p[5]);
            if (item.isEmpty()) {
                error(ex, 404, "item " + p[5] + " not found");
            } else {
                ex.sendJson(200, item(item.get(), true));
            }
        }
    }

    /** [attribute matcher, value matcher] for {@code attr eq "x"} or {@code attr co "x"}. */
    @SuppressWarnings("unchecked")
    private static Predicate<String>[] parseFilter(String filter) {
        Matcher m = FILTER.matcher(filter);
        if (!m.matches()) {
            throw new IllegalArgumentException("bad filter");
        }
        String attr = m.group(1);
        String value = m.group(3);
        Predicate<String> valueMatch = m.group(2).equals("eq") ? value::equals : s -> s.contains(value);
        return new Predicate[] {attr::equals, valueMatch};
    }

    private static ObjectNode vault(ItemStore.Vault v) {
        ObjectNode o = JsonExchange.JSON.createObjectNode();
        o.put("id", v.id);
        o.put("name", v.name);
        o.put("attributeVersion", 1);
        o.put("contentVersion", v.contentVersion);
        o.put("items", v.items.size());
        o.put("type", "USER_CREATED");
        o.put("createdAt", v.created.toString());
        o.put("updatedAt", v.updated.toString());
        return o;
    }

    private static ObjectNode item(ItemStore.Item i, boolean full) {
        ObjectNode o = JsonExchange.JSON.createObjectNode();
        o.put("id", i.id);
        o.put("title", i.title);
        o.putObject("vault").put("id", i.vaultId);
        o.put("category", i.category);
        o.put("version", i.version);
        o.put("favorite", false);
        o.putArray("tags");
        o.put("createdAt", i.created.toString());
        o.put("updatedAt", i.updated.toString());
        o.put("lastEditedBy", "TESTKIT0000000000000000000");
        if (full) {
            ArrayNode fields = o.putArray("fields");
            List<ItemField> fs = i.fields;
            for (ItemField f : fs) {
                ObjectNode fo = fields.addObject();
                fo.put("id", f.purpose() != null ? f.label() : f.label().replaceAll("\\W", "_"));
                fo.put("type", f.type());
                if (f.purpose() != null) {
                    fo.put("purpose", f.purpose());
                }
                fo.put("label", f.label());
                fo.put("value", f.value());
            }
        }
        return o;
    }

    private static void error(JsonExchange ex, int status, String message) throws IOException {
        ex.sendJson(status, JsonExchange.JSON.createObjectNode().put("status", status).put("message", message));
    }
}
