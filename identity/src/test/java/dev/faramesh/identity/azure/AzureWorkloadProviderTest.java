package dev.faramesh.identity.azure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faramesh.identity.Blocks;
import dev.faramesh.identity.Codes;
import dev.faramesh.identity.IdentityProvider;
import dev.faramesh.policy.Principal;
import dev.faramesh.policy.ReasonCodes;
import dev.faramesh.testkit.azureidentity.AzureImdsServer;
import dev.faramesh.testkit.azureidentity.FederatedCredential;
import dev.faramesh.testkit.azureidentity.ManagedIdentity;
import dev.faramesh.testkit.k8s.KubernetesIssuer;
import dev.faramesh.testkit.k8s.PodIdentity;
import dev.faramesh.testkit.k8s.ServiceAccountTokenFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The azure-workload provider against the testkit's IMDS and Entra endpoints: a VM's managed
 * identity, and AKS workload identity (a projected Kubernetes token exchanged at Entra).
 */
class AzureWorkloadProviderTest {

  @TempDir
  Path dir;
  final String tenant = UUID.randomUUID().toString();
  final ManagedIdentity vm = ManagedIdentity.systemAssigned("sub-1", "rg-agents", "planner-vm");
  AzureImdsServer azure;

  @BeforeEach
  void start() {
    azure = AzureImdsServer.start(tenant, vm);
  }

  @AfterEach
  void stop() {
    azure.stop();
  }

  private String block(String extra) {
    return "identity \"a\" { type = \"azure-workload\" tenant_id = \"" + tenant + "\" resource = \"api://faramesh\" "
        + "authority_host = \"" + azure.baseUrl() + "\" trust_domain = \"azure.example\" " + extra + " }";
  }

  @Test
  void theManagedIdentityFromImdsIsAttested() throws Exception {
    IdentityProvider p = Blocks.configured(block("imds_url = \"" + azure.imdsTokenUrl() + "\""), "a", Map.of(), dir);
    Principal principal = p.attest("planner");
    assertThat(principal.id()).isEqualTo("spiffe://azure.example/azure/" + tenant + "/" + vm.objectId());
    assertThat(principal.claims()).containsEntry("xms_mirid", vm.resourceId()).containsEntry("tid", tenant);
  }

  @Test
  void akssWorkloadIdentityExchangesTheProjectedToken() throws Exception {
    try (KubernetesIssuer k8s = KubernetesIssuer.startHttp()) {
      PodIdentity pod = PodIdentity.of("agents", "planner", "p-1");
      FederatedCredential credential = FederatedCredential.kubernetes(k8s.issuer(), k8s.jwksUrl(), pod.subject());
      azure.trust(credential);
      ServiceAccountTokenFile file = k8s.project(dir.resolve("azure"), pod, Duration.ofHours(1),
          FederatedCredential.TOKEN_EXCHANGE_AUDIENCE);
      IdentityProvider p = Blocks.configured(block(""), "a", Map.of("AZURE_CLIENT_ID", credential.clientId(),
          "AZURE_FEDERATED_TOKEN_FILE", file.path().toString()), dir);
      Principal principal = p.attest("planner");
      assertThat(principal.id()).isEqualTo("spiffe://azure.example/azure/" + tenant + "/" + credential.objectId());
      assertThat(principal.claims()).containsEntry("azp", credential.clientId());
      // a token for another service account is refused by Entra, and so attests nothing
      file.write(k8s.token(PodIdentity.of("agents", "intruder", "p-2"), Duration.ofHours(1),
          FederatedCredential.TOKEN_EXCHANGE_AUDIENCE));
      assertThat(Codes.of(p, "planner")).isEqualTo(ReasonCodes.IDENTITY_UNVERIFIED);
    }
  }

  @Test
  void negativeCases() throws Exception {
    String imds = "imds_url = \"" + azure.imdsTokenUrl() + "\" timeout = \"1s\"";
    IdentityProvider wrongAudience = Blocks.configured(block(imds + " audience = \"api://other\""), "a", Map.of(), dir);
    assertThat(Codes.of(wrongAudience, "planner")).isEqualTo(ReasonCodes.IDENTITY_WRONG_AUDIENCE);
    IdentityProvider otherTenant = Blocks.configured(block(imds).replace(tenant, UUID.randomUUID().toString())
        .replace("imds_url", "jwks_url = \"" + azure.jwksUrl() + "\" imds_url"), "a", Map.of(), dir);
    assertThat(Codes.of(otherTenant, "planner")).isEqualTo(ReasonCodes.IDENTITY_WRONG_ISSUER);
    IdentityProvider p = Blocks.configured(block(imds), "a", Map.of(), dir);
    azure.http().refuseConnections();
    assertThat(Codes.of(p, "planner")).isEqualTo(ReasonCodes.IDENTITY_PROVIDER_UNAVAILABLE);
  }
}
