package dev.faramesh.identity.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faramesh.identity.Blocks;
import dev.faramesh.identity.Codes;
import dev.faramesh.identity.IdentityException;
import dev.faramesh.identity.IdentityProvider;
import dev.faramesh.policy.Principal;
import dev.faramesh.policy.ReasonCodes;
import dev.faramesh.testkit.awsidentity.AwsPrincipal;
import dev.faramesh.testkit.awsidentity.StsServer;
import dev.faramesh.testkit.awsidentity.WebIdentityRole;
import dev.faramesh.testkit.k8s.KubernetesIssuer;
import dev.faramesh.testkit.k8s.PodIdentity;
import dev.faramesh.testkit.k8s.ServiceAccountTokenFile;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The aws-workload provider against the testkit's STS, which verifies SigV4 with the AWS SDK's own
 * signer: access keys from the environment, and an IRSA-style web identity.
 */
class AwsWorkloadProviderTest {

  @TempDir
  Path dir;
  StsServer sts;

  @BeforeEach
  void start() {
    sts = StsServer.start();
  }

  @AfterEach
  void stop() {
    sts.stop();
  }

  private String block(String extra) {
    return "identity \"a\" { type = \"aws-workload\" region = \"eu-west-1\" sts_endpoint = \"" + sts.endpoint()
        + "\" trust_domain = \"aws.example\" server_id = \"faramesh.example\" " + extra + " }";
  }

  private static Map<String, String> keys(AwsPrincipal p) {
    return Map.of("AWS_ACCESS_KEY_ID", p.accessKeyId(), "AWS_SECRET_ACCESS_KEY", p.secretAccessKey());
  }

  @Test
  void aSignedGetCallerIdentityAttestsTheIamUser() throws Exception {
    AwsPrincipal alice = sts.addIamUser("123456789012", "alice");
    IdentityProvider p = Blocks.configured(block("allowed_accounts = [\"123456789012\"]"), "a", keys(alice), dir);
    Principal principal = p.attest("planner");
    assertThat(principal.id()).isEqualTo("spiffe://aws.example/aws/123456789012/user/alice");
    assertThat(principal.claims()).containsEntry("arn", alice.arn()).containsEntry("account", "123456789012");
    assertThat(principal.expiry()).isBefore(Instant.now().plus(Duration.ofMinutes(61)));
    assertThat(sts.requests()).anySatisfy(r -> assertThat(r.headerNames()).contains("authorization",
        "x-faramesh-server-id"));
    assertThat(p.explain()).doesNotContain(alice.secretAccessKey()).doesNotContain(alice.accessKeyId());
  }

  @Test
  void aWebIdentityTokenIsExchangedForTheRole() throws Exception {
    try (KubernetesIssuer eks = KubernetesIssuer.startHttp()) {
      PodIdentity pod = PodIdentity.of("agents", "planner", "p-1");
      String role = "arn:aws:iam::210987654321:role/planner-role";
      sts.trustWebIdentity(new WebIdentityRole(role, eks.issuer(), eks.jwksUrl(), "sts.amazonaws.com", pod.subject()));
      ServiceAccountTokenFile file = eks.project(dir.resolve("aws"), pod, Duration.ofHours(1), "sts.amazonaws.com");
      IdentityProvider p = Blocks.configured(block(""), "a", Map.of("AWS_ROLE_ARN", role,
          "AWS_WEB_IDENTITY_TOKEN_FILE", file.path().toString()), dir);
      Principal principal = p.attest("planner");
      assertThat(principal.id()).isEqualTo("spiffe://aws.example/aws/210987654321/role/planner-role");
      assertThat((String) principal.claims().get("arn")).contains(":assumed-role/planner-role/faramesh-planner");
      file.write(eks.token(PodIdentity.of("agents", "intruder", "p-2"), Duration.ofHours(1), "sts.amazonaws.com"));
      Thread.sleep(300);
      assertThat(Codes.of(p, "planner")).isNotEqualTo("attested");
    }
  }

  @Test
  void negativeCases() throws Exception {
    AwsPrincipal alice = sts.addIamUser("123456789012", "alice");
    assertThat(Codes.of(Blocks.configured(block(""), "a", keys(alice.withSecret("x".repeat(40))), dir), "p"))
        .isEqualTo(ReasonCodes.IDENTITY_BAD_SIGNATURE);
    assertThat(Codes.of(Blocks.configured(block("allowed_accounts = [\"000000000000\"]"), "a", keys(alice), dir), "p"))
        .isEqualTo(ReasonCodes.IDENTITY_NOT_ALLOWED);
    assertThat(Codes.of(Blocks.configured(block("allowed_arns = [\"arn:aws:iam::*:role/*\"]"), "a", keys(alice), dir),
        "p")).isEqualTo(ReasonCodes.IDENTITY_NOT_ALLOWED);
    IdentityProvider p = Blocks.configured(block("timeout = \"1s\""), "a", keys(alice), dir);
    sts.revoke(alice.accessKeyId());
    assertThat(Codes.of(p, "p")).isEqualTo(ReasonCodes.IDENTITY_UNKNOWN_KEY);
    sts.stop();
    assertThat(Codes.of(p, "p")).isEqualTo(ReasonCodes.IDENTITY_PROVIDER_UNAVAILABLE);
    assertThatThrownBy(() -> Blocks.configured(block(""), "a", Map.of(), dir))
        .isInstanceOfSatisfying(IdentityException.class, e -> assertThat(e.misconfigured()).isTrue());
  }
}
