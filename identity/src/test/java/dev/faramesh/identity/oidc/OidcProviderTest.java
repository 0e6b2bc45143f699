package dev.faramesh.identity.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.faramesh.identity.Blocks;
import dev.faramesh.identity.IdentityException;
import dev.faramesh.identity.IdentityProvider;
import dev.faramesh.policy.Principal;
import dev.faramesh.policy.ReasonCodes;
import dev.faramesh.testkit.oidc.JwksServer;
import dev.faramesh.testkit.oidc.TokenMinter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The oidc provider against a real issuer on loopback ({@link JwksServer}: discovery, JWKS, key
 * rotation, outages) with tokens in a file the test rewrites: every check names itself in the
 * reason code, and none of them throws anything but an {@link IdentityException}.
 */
class OidcProviderTest {

  @TempDir
  Path dir;
  JwksServer idp;
  TokenMinter minter;
  Path tokenFile;

  @BeforeEach
  void start() {
    idp = JwksServer.start();
    minter = idp.minter();
    tokenFile = dir.resolve("token.jwt");
  }

  @AfterEach
  void stop() {
    idp.stop();
  }

  private String block(String extra) {
    return "identity \"okta\" { type = \"oidc\" issuer = \"" + idp.issuer() + "\" audience = \"faramesh\" "
        + "token_file = \"" + tokenFile + "\" trust_domain = \"corp.example\" " + extra + " }";
  }

  private IdentityProvider provider(String extra) throws IdentityException {
    return Blocks.configured(block(extra), "okta", Map.of(), dir);
  }

  private void write(String token) throws Exception {
    Files.writeString(tokenFile, token);
  }

  private JWTClaimsSet.Builder claims() {
    return minter.claims("alice", "faramesh").claim("agent_id", "payments-bot").claim("role", "claims_examiner")
        .claim("roles", List.of("finance", "admin")).claim("mfa", true);
  }

  private static String code(IdentityProvider p, String agent) {
    try {
      p.attest(agent);
    } catch (IdentityException e) {
      return e.reasonCode();
    }
    return "attested";
  }

  @Test
  void aValidTokenBecomesAVerifiedPrincipalWithItsClaims() throws Exception {
    write(minter.sign(claims().build()));
    IdentityProvider p = provider("jwks_url = \"" + idp.jwksUrl() + "\" claim_agent_id = \"agent_id\" "
        + "claim_groups = \"roles\"");
    Principal principal = p.attest("payments-bot");
    assertThat(principal.id()).isEqualTo("spiffe://corp.example/alice");
    assertThat(principal.svid()).isEqualTo("alice");
    assertThat(principal.verified()).isTrue();
    assertThat(principal.dev()).isFalse();
    assertThat(principal.method()).isEqualTo("oidc");
    assertThat(principal.claims()).containsEntry("role", "claims_examiner").containsEntry("mfa", true)
        .containsEntry("groups", List.of("finance", "admin")).containsEntry("iss", idp.issuer());
    assertThat(principal.expiry()).isAfter(Instant.now().plus(Duration.ofMinutes(50)));
    assertThat(p.explain()).contains("token file").contains(idp.jwksUrl()).contains("agent_id");
  }

  @Test
  void theJwksIsFoundThroughDiscoveryWhenNoUrlIsGiven() throws Exception {
    write(minter.sign(claims().build()));
    assertThat(provider("").attest("anything").id()).isEqualTo("spiffe://corp.example/alice");
    assertThat(idp.jwksFetches()).isEqualTo(1);
  }

  @Test
  void theTokenMustNameTheAgentItIsUsedFor() throws Exception {
    write(minter.sign(claims().build()));
    IdentityProvider p = provider("claim_agent_id = \"agent_id\"");
    assertThat(code(p, "admin-bot")).isEqualTo(ReasonCodes.IDENTITY_AGENT_MISMATCH);
    write(minter.sign(minter.claims("alice", "faramesh").build()));
    assertThat(code(p, "payments-bot")).isEqualTo(ReasonCodes.IDENTITY_INVALID);
  }

  @Test
  void eachNegativeCaseIsDeniedWithItsOwnReasonCode() throws Exception {
    IdentityProvider p = provider("");
    Instant now = Instant.now();
    Map<String, String> cases = new java.util.LinkedHashMap<>();
    cases.put(ReasonCodes.IDENTITY_WRONG_AUDIENCE, minter.sign(minter.claims("alice", "other").build()));
    cases.put(ReasonCodes.IDENTITY_WRONG_ISSUER, minter.sign(claims().issuer("https://evil.example").build()));
    cases.put(ReasonCodes.IDENTITY_EXPIRED, minter.sign(claims().issueTime(Date.from(now.minusSeconds(7200)))
        .notBeforeTime(Date.from(now.minusSeconds(7200))).expirationTime(Date.from(now.minusSeconds(5))).build()));
    cases.put(ReasonCodes.IDENTITY_NOT_YET_VALID, minter.sign(claims().notBeforeTime(Date.from(now.plusSeconds(600)))
        .build()));
    cases.put(ReasonCodes.IDENTITY_BAD_SIGNATURE, minter.signWithForgedKey(claims().build()));
    cases.put(ReasonCodes.IDENTITY_UNKNOWN_KEY, minter.signWithUnpublishedKey(claims().build()));
    cases.put(ReasonCodes.IDENTITY_ALG_NOT_ALLOWED, minter.unsecured(claims().build()));
    cases.put(ReasonCodes.IDENTITY_INVALID, "not.a.jwt");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      write(c.getValue());
      assertThat(code(p, "bot")).as(c.getKey()).isEqualTo(c.getKey());
    }
  }

  @Test
  void symmetricAlgorithmsAreRefusedEvenWithAValidMac() throws Exception {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    SignedJWT hs = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(idp.keys().currentKeyId()).build(),
        claims().build());
    hs.sign(new MACSigner(secret));
    write(hs.serialize());
    assertThat(code(provider(""), "bot")).isEqualTo(ReasonCodes.IDENTITY_ALG_NOT_ALLOWED);
    write(minter.sign(claims().build()));
    assertThat(code(provider("algorithms = [\"ES256\"]"), "bot")).isEqualTo(ReasonCodes.IDENTITY_ALG_NOT_ALLOWED);
  }

  @Test
  void aJwksOutageBeforeAnyKeyIsKnownDenies() throws Exception {
    write(minter.sign(claims().build()));
    idp.failWith(503);
    IdentityProvider p = provider("jwks_url = \"" + idp.jwksUrl() + "\" timeout = \"2s\"");
    assertThat(code(p, "bot")).isEqualTo(ReasonCodes.IDENTITY_PROVIDER_UNAVAILABLE);
    idp.clearFaults();
    assertThat(code(p, "bot")).isEqualTo("attested");
  }

  @Test
  void repeatedAttemptsDuringAnOutageBeforeAnyKeyIsKnownStayUnavailable() throws Exception {
    write(minter.sign(claims().build()));
    idp.refuseConnections();
    IdentityProvider p = provider("jwks_url = \"" + idp.jwksUrl() + "\" timeout = \"500ms\"");
    for (int i = 0; i < 4; i++) {
      // the fetches are rate limited; that is still the issuer's outage, not an unknown key
      assertThat(code(p, "bot")).as("attempt %d", i).isEqualTo(ReasonCodes.IDENTITY_PROVIDER_UNAVAILABLE);
    }
    idp.acceptConnections();
  }

  @Test
  void aJwksOutageAfterTheKeysAreCachedIsRiddenOut() throws Exception {
    write(minter.sign(claims().build()));
    IdentityProvider p = provider("jwks_url = \"" + idp.jwksUrl() + "\"");
    assertThat(code(p, "bot")).isEqualTo("attested");
    idp.refuseConnections();
    write(minter.sign(claims().subject("bob").build()));
    assertThat(p.attest("bot").id()).isEqualTo("spiffe://corp.example/bob");
    // a kid the cache does not hold cannot be looked up while the issuer is down
    idp.acceptConnections();
  }

  @Test
  void keyRotationIsPickedUpWithoutRestart() throws Exception {
    write(minter.sign(claims().build()));
    IdentityProvider p = provider("jwks_url = \"" + idp.jwksUrl() + "\"");
    assertThat(code(p, "bot")).isEqualTo("attested");
    long fetches = idp.jwksFetches();
    idp.rotateKey(false);
    write(minter.sign(claims().subject("carol").build()));
    assertThat(p.attest("bot").id()).isEqualTo("spiffe://corp.example/carol");
    assertThat(idp.jwksFetches()).isEqualTo(fetches + 1);
  }

  @Test
  void aRewrittenTokenFileChangesTheRevision() throws Exception {
    write(minter.sign(claims().build()));
    IdentityProvider p = provider("");
    p.attest("bot");
    long before = p.revision();
    Thread.sleep(300);
    assertThat(p.revision()).isEqualTo(before);
    write(minter.sign(claims().subject("dave").build()));
    Thread.sleep(300);
    assertThat(p.revision()).isNotEqualTo(before);
    assertThat(p.attest("bot").id()).endsWith("/dave");
  }

  @Test
  void aMissingTokenIsUnavailableNotACrash() throws Exception {
    assertThat(code(provider(""), "bot")).isEqualTo(ReasonCodes.IDENTITY_PROVIDER_UNAVAILABLE);
    IdentityProvider fromEnv = Blocks.configured(block("").replace("token_file = \"" + tokenFile + "\"",
        "token_env = \"OIDC_TOKEN\""), "okta", Map.of(), dir);
    assertThat(code(fromEnv, "bot")).isEqualTo(ReasonCodes.IDENTITY_PROVIDER_UNAVAILABLE);
    String token = minter.sign(claims().build());
    IdentityProvider withEnv = Blocks.configured(block("").replace("token_file = \"" + tokenFile + "\"",
        "token_env = \"OIDC_TOKEN\""), "okta", Map.of("OIDC_TOKEN", token), dir);
    assertThat(withEnv.attest("bot").svid()).isEqualTo("alice");
  }

  @Test
  void perAgentTokenFiles() throws Exception {
    Files.writeString(dir.resolve("supervisor.jwt"), minter.sign(claims().subject("sup").claim("agent_id", "supervisor")
        .build()));
    Files.writeString(dir.resolve("worker.jwt"), minter.sign(claims().subject("wrk").claim("agent_id", "worker").build()));
    IdentityProvider p = Blocks.configured(block("claim_agent_id = \"agent_id\"").replace(tokenFile.toString(),
        dir.resolve("{agent}.jwt").toString()), "okta", Map.of(), dir);
    assertThat(p.attest("supervisor").id()).endsWith("/sup");
    assertThat(p.attest("worker").id()).endsWith("/wrk");
    assertThat(code(p, "other")).isEqualTo(ReasonCodes.IDENTITY_PROVIDER_UNAVAILABLE);
  }

  @Test
  void misconfigurationsAreReportedAsSuch() {
    for (String fpl : List.of(
        "identity \"o\" { type = \"oidc\" issuer = \"https://idp\" token_env = \"T\" }",
        "identity \"o\" { type = \"oidc\" issuer = \"https://idp\" audience = \"a\" }",
        "identity \"o\" { type = \"oidc\" issuer = \"https://idp\" audience = \"a\" token_env = \"T\" token_file = \"/t\" }",
        "identity \"o\" { type = \"oidc\" issuer = \"https://idp\" audience = \"a\" token_env = \"T\" algorithms = [\"HS256\"] }",
        "identity \"o\" { type = \"oidc\" issuer = \"https://idp\" audience = \"a\" token_env = \"T\" jwks_url = \"ftp://x\" }",
        "identity \"o\" { type = \"oidc\" issuer = \"https://idp\" audience = \"a\" token_env = \"T\" clock_skew = \"soon\" }")) {
      assertThatThrownBy(() -> Blocks.configured(fpl, "o", Map.of(), dir)).as(fpl)
          .isInstanceOfSatisfying(IdentityException.class, e -> {
            assertThat(e.misconfigured()).isTrue();
            assertThat(e.getMessage()).contains("identity \"o\"").contains("governance.fms:1:1");
          });
    }
  }
}
