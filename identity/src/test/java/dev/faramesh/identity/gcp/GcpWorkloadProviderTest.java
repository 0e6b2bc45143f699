package dev.faramesh.identity.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faramesh.identity.Blocks;
import dev.faramesh.identity.Codes;
import dev.faramesh.identity.IdentityProvider;
import dev.faramesh.policy.Principal;
import dev.faramesh.policy.ReasonCodes;
import dev.faramesh.testkit.gcpidentity.GcpMetadataServer;
import dev.faramesh.testkit.gcpidentity.GcpServiceAccount;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gcp-workload provider against the testkit's GCE metadata server and its Google-style keys. */
class GcpWorkloadProviderTest {

  @TempDir
  Path dir;
  GcpMetadataServer gce;
  final GcpServiceAccount account = GcpServiceAccount.of("agents-prod", "planner");

  @BeforeEach
  void start() {
    gce = GcpMetadataServer.start(account);
  }

  @AfterEach
  void stop() {
    gce.stop();
  }

  private IdentityProvider provider(String extra, Map<String, String> env) throws Exception {
    return Blocks.configured("identity \"g\" { type = \"gcp-workload\" audience = \"https://faramesh.example\" "
        + "jwks_url = \"" + gce.certsUrl() + "\" trust_domain = \"gcp.example\" " + extra + " }", "g", env, dir);
  }

  @Test
  void theMetadataServersIdentityTokenAttestsTheServiceAccountAndProject() throws Exception {
    Principal p = provider("metadata_url = \"" + gce.baseUrl() + "\"", Map.of()).attest("planner");
    assertThat(p.id()).isEqualTo("spiffe://gcp.example/gcp/agents-prod/sa/planner-agents-prod.iam.gserviceaccount.com");
    assertThat(p.claims()).containsEntry("email", account.email()).containsEntry("project", "agents-prod")
        .containsKey("google");
    assertThat(gce.requests()).anySatisfy(r -> assertThat(r.headerNames()).contains("metadata-flavor"));
  }

  @Test
  void gceMetadataHostIsHonouredAndProjectsAreRestricted() throws Exception {
    Map<String, String> env = Map.of("GCE_METADATA_HOST", gce.hostAndPort());
    assertThat(Codes.of(provider("", env), "planner")).isEqualTo("attested");
    assertThat(Codes.of(provider("allowed_projects = [\"billing-*\"]", env), "planner"))
        .isEqualTo(ReasonCodes.IDENTITY_NOT_ALLOWED);
    assertThat(Codes.of(provider("allowed_projects = [\"agents-*\"]", env), "planner")).isEqualTo("attested");
  }

  @Test
  void negativeCases() throws Exception {
    IdentityProvider wrongAudience = Blocks.configured("identity \"g\" { type = \"gcp-workload\" audience = "
        + "\"https://faramesh.example\" jwks_url = \"" + gce.certsUrl() + "\" metadata_url = \"" + gce.baseUrl()
        + "\" issuer = \"https://other.example\" }", "g", Map.of(), dir);
    assertThat(Codes.of(wrongAudience, "planner")).isEqualTo(ReasonCodes.IDENTITY_WRONG_ISSUER);
    IdentityProvider p = provider("metadata_url = \"" + gce.baseUrl() + "\" timeout = \"1s\"", Map.of());
    gce.http().failWith(503);
    assertThat(Codes.of(p, "planner")).isEqualTo(ReasonCodes.IDENTITY_PROVIDER_UNAVAILABLE);
    gce.http().clearFaults();
    gce.stop();
    assertThat(Codes.of(p, "planner")).isEqualTo(ReasonCodes.IDENTITY_PROVIDER_UNAVAILABLE);
  }
}
