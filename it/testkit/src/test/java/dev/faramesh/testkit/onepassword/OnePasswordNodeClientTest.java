package dev.faramesh.testkit.onepassword;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faramesh.testkit.NodeOracle;
import dev.faramesh.testkit.RandomValues;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The official {@code @1password/connect@1.4.2} npm client, run against the server as a conformance oracle. */
class OnePasswordNodeClientTest {

    @Test
    void officialNodeClientReadsItemsByIdAndTitle() throws Exception {
        try (OnePasswordConnectServer server = OnePasswordConnectServer.start()) {
            String vault = server.createVault("agents");
            String password = RandomValues.secret();
            String item = server.createItem(vault, "stripe", "LOGIN", List.of(ItemField.username("svc"), ItemField.password(password)));
            server.rotate(vault, item, "password", password);

            Map<String, JsonNode> steps = NodeOracle.run("onepassword", Map.of(
                    "OP_CONNECT_HOST", server.baseUrl().toString(),
                    "OP_CONNECT_TOKEN", server.issueToken(),
                    "OP_VAULT_ID", vault,
                    "OP_ITEM_ID", item,
                    "OP_ITEM_TITLE", "stripe"));

            assertThat(steps.get("listVaults").path("names").get(0).asText()).isEqualTo("agents");
            JsonNode byId = steps.get("getItemById");
            assertThat(byId.path("id").asText()).isEqualTo(item);
            assertThat(byId.path("version").asInt()).isEqualTo(2);
            assertThat(byId.path("label").asText()).isEqualTo("password");
            assertThat(byId.path("sha256").asText()).isEqualTo(NodeOracle.sha256(password));
            assertThat(steps.get("getItemByTitle").path("id").asText()).isEqualTo(item);
            assertThat(steps.get("missingItem").path("status").asInt()).isEqualTo(404);
            assertThat(steps).containsKey("done");
            // The Node client looks titles up on ".../items/" (trailing slash) with a filter.
            assertThat(server.requests().matching(e -> e.path().startsWith("/v1/vaults/" + vault + "/items")
                    && e.queryNames().contains("filter"))).hasSize(1);
        }
    }
}
