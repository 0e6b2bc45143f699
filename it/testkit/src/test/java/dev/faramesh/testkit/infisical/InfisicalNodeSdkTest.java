package dev.faramesh.testkit.infisical;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faramesh.testkit.NodeOracle;
import dev.faramesh.testkit.RandomValues;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The official {@code @infisical/sdk@5.0.2} npm client, run against the server as a conformance oracle. */
class InfisicalNodeSdkTest {

    @Test
    void officialNodeSdkLogsInAndReadsLatestAndPinnedVersions() throws Exception {
        try (InfisicalServer server = InfisicalServer.start()) {
            MachineIdentity identity = server.createIdentity();
            String project = RandomValues.hex(12);
            String first = RandomValues.secret();
            String latest = RandomValues.secret();
            server.putSecret(project, "prod", "/payments", "STRIPE_KEY", first);
            server.rotate(project, "prod", "/payments", "STRIPE_KEY", latest);

            Map<String, JsonNode> steps = NodeOracle.run("infisical", Map.of(
                    "INFISICAL_SITE_URL", server.baseUrl().toString(),
                    "INFISICAL_CLIENT_ID", identity.clientId(),
                    "INFISICAL_CLIENT_SECRET", identity.clientSecret(),
                    "INFISICAL_PROJECT_ID", project,
                    "INFISICAL_ENVIRONMENT", "prod",
                    "INFISICAL_SECRET_PATH", "/payments",
                    "INFISICAL_SECRET_NAME", "STRIPE_KEY"));

            assertThat(steps).containsKeys("login", "done");
            assertThat(steps.get("getSecret").path("key").asText()).isEqualTo("STRIPE_KEY");
            assertThat(steps.get("getSecret").path("version").asInt()).isEqualTo(2);
            assertThat(steps.get("getSecret").path("sha256").asText()).isEqualTo(NodeOracle.sha256(latest));
            assertThat(steps.get("getSecretVersion1").path("sha256").asText()).isEqualTo(NodeOracle.sha256(first));
            assertThat(steps.get("missingSecret").path("status").asInt()).isEqualTo(404);
            assertThat(server.requests().to("/api/v1/auth/universal-auth/login")).hasSize(1);
            assertThat(server.requests().to("/api/v3/secrets/raw/STRIPE_KEY")).hasSize(2);
        }
    }
}
