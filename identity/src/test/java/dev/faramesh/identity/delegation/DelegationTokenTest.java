package dev.faramesh.identity.delegation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.faramesh.identity.Blocks;
import dev.faramesh.identity.IdentityException;
import dev.faramesh.identity.IdentityProvider;
import dev.faramesh.identity.dev.DevProvider;
import dev.faramesh.policy.ReasonCodes;
import dev.faramesh.testkit.spiffe.IssuedX509Svid;
import dev.faramesh.testkit.spiffe.TestTrustDomain;
import dev.faramesh.testkit.spiffe.WorkloadApiServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The delegation token codec with real keys: the supervisor's key and the worker's trust both come
 * from the spiffe provider against the testkit's Workload API (a real gRPC server on a Unix
 * socket). A good token verifies; each way a token can be wrong is refused with its reason code,
 * and no refusal's message contains the token.
 */
class DelegationTokenTest {

  static final String SUPERVISOR = "spiffe://example.org/agents/supervisor";
  static final List<String> COMMAND = List.of("-javaagent:/x/faramesh.jar=agent=worker-research", "-cp", "/apps",
      "Main", "http://127.0.0.1:1");

  @TempDir Path dir;
  final TestTrustDomain home = TestTrustDomain.create("example.org");
  final List<AutoCloseable> closing = new ArrayList<>();
  IdentityProvider supervisor;
  IdentityProvider worker;
  Instant now;

  @BeforeEach
  void start() throws Exception {
    closing.add(WorkloadApiServer.start(dir.resolve("sup.sock"), home, "/agents/supervisor"));
    closing.add(WorkloadApiServer.start(dir.resolve("work.sock"), home, "/agents/worker-research"));
    supervisor = provider("sup.sock", "");
    worker = provider("work.sock", "");
    assertThat(supervisor.attest("supervisor").id()).isEqualTo(SUPERVISOR);
    worker.attest("worker-research");
    now = Instant.now();
  }

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : closing) {
      c.close();
    }
  }

  private IdentityProvider provider(String socket, String trust) throws IdentityException {
    IdentityProvider p = Blocks.configured("identity \"spire\" { type = \"spiffe\" socket = \"unix:"
        + dir.resolve(socket) + "\" trust_domain = \"example.org\" }\n" + trust, "spire", Map.of(), dir);
    closing.add(p);
    return p;
  }

  private Delegation claims(String audience, Instant issued, Instant expiry, List<String> command) {
    return new Delegation(SUPERVISOR, audience, List.of("spiffe://example.org/agents/root"), "example.org", issued,
        expiry, UUID.randomUUID().toString(), DelegationToken.commandHash(command), false);
  }

  private String token(Delegation d) throws IdentityException {
    return DelegationToken.sign(supervisor.delegationKey("supervisor"), d);
  }

  private DelegationCheck check() {
    return new DelegationCheck("worker-research", DelegationToken.commandHash(COMMAND), now,
        worker.delegationTrust(), false);
  }

  private String refusal(String token, DelegationCheck check) {
    try {
      DelegationToken.verify(token, check);
      return "accepted";
    } catch (IdentityException e) {
      String signature = token.substring(token.lastIndexOf('.') + 1);
      assertThat(e.getMessage()).doesNotContain(token);
      if (!signature.isEmpty()) {
        assertThat(e.getMessage()).doesNotContain(signature);
      }
      return e.reasonCode();
    }
  }

  @Test
  void aTokenSignedWithTheSupervisorsSvidVerifiesAgainstTheWorkersBundle() throws Exception {
    String token = token(claims("worker-research", now, now.plusSeconds(60), COMMAND));
    Delegation d = DelegationToken.verify(token, check());
    assertThat(d.issuer()).isEqualTo(SUPERVISOR);
    assertThat(d.chain()).containsExactly("spiffe://example.org/agents/root", SUPERVISOR);
    assertThat(d.trustDomain()).isEqualTo("example.org");
    assertThat(d.dev()).isFalse();
    assertThat(SignedJWT.parse(token).getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
    assertThat(SignedJWT.parse(token).getHeader().getX509CertChain()).isNotEmpty();
  }

  @Test
  void aLongerLifetimeThanSixtySecondsIsNeitherSignedNorAccepted() throws Exception {
    assertThatThrownBy(() -> token(claims("worker-research", now, now.plusSeconds(61), COMMAND)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void eachWrongTokenIsRefusedWithItsReasonCode() throws Exception {
    String good = token(claims("worker-research", now, now.plusSeconds(60), COMMAND));
    assertThat(refusal(token(claims("worker-writer", now, now.plusSeconds(60), COMMAND)), check()))
        .isEqualTo(ReasonCodes.DELEGATION_TOKEN_WRONG_AUDIENCE);
    assertThat(refusal(token(claims("worker-research", now.minusSeconds(120), now.minusSeconds(61), COMMAND)),
        check())).isEqualTo(ReasonCodes.DELEGATION_TOKEN_EXPIRED);
    assertThat(refusal(good, new DelegationCheck("worker-research", DelegationToken.commandHash(COMMAND),
        now.plusSeconds(60), worker.delegationTrust(), false))).isEqualTo(ReasonCodes.DELEGATION_TOKEN_EXPIRED);
    assertThat(refusal(token(claims("worker-research", now, now.plusSeconds(60), List.of("other"))), check()))
        .isEqualTo(ReasonCodes.DELEGATION_TOKEN_INVALID);
    // the payload changed after signing (a different audience spliced in)
    String[] parts = good.split("\\.");
    String payload = new String(Base64URL.from(parts[1]).decode(), StandardCharsets.UTF_8)
        .replace("worker-research", "worker-writer");
    String spliced = parts[0] + "." + Base64URL.encode(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    assertThat(refusal(spliced, new DelegationCheck("worker-writer", DelegationToken.commandHash(COMMAND), now,
        worker.delegationTrust(), false))).isEqualTo(ReasonCodes.DELEGATION_TOKEN_INVALID);
    // one signature byte flipped
    char[] sig = parts[2].toCharArray();
    sig[5] = sig[5] == 'A' ? 'B' : 'A';
    assertThat(refusal(parts[0] + "." + parts[1] + "." + new String(sig), check()))
        .isEqualTo(ReasonCodes.DELEGATION_TOKEN_INVALID);
    assertThat(refusal("not-a-token", check())).isEqualTo(ReasonCodes.DELEGATION_TOKEN_INVALID);
    assertThat(refusal(good, new DelegationCheck("worker-research", DelegationToken.commandHash(COMMAND), now,
        null, false))).isEqualTo(ReasonCodes.DELEGATION_TOKEN_INVALID);
  }

  @Test
  void anSvidOfAnotherTrustDomainOrAnotherCaIsNotTrusted() throws Exception {
    // same trust domain name, another CA: the chain does not verify against the worker's bundle
    TestTrustDomain impostor = TestTrustDomain.create("example.org");
    IssuedX509Svid fake = impostor.issueX509Svid("/agents/supervisor");
    String forged = DelegationToken.sign(DelegationKey.svid(SUPERVISOR, fake.privateKey(), fake.chain()),
        claims("worker-research", now, now.plusSeconds(60), COMMAND));
    assertThat(refusal(forged, check())).isEqualTo(ReasonCodes.DELEGATION_TOKEN_INVALID);
    TestTrustDomain other = TestTrustDomain.create("other.example");
    IssuedX509Svid foreign = other.issueX509Svid("/agents/supervisor");
    String crossed = DelegationToken.sign(DelegationKey.svid("spiffe://other.example/agents/supervisor",
        foreign.privateKey(), foreign.chain()), new Delegation("spiffe://other.example/agents/supervisor",
        "worker-research", List.of(), "other.example", now, now.plusSeconds(60), "1",
        DelegationToken.commandHash(COMMAND), false));
    assertThat(refusal(crossed, check())).isEqualTo(ReasonCodes.DELEGATION_TOKEN_INVALID);
    // a good SVID, but the token claims another issuer than the SVID that signed it
    String lying = DelegationToken.sign(supervisor.delegationKey("supervisor"), new Delegation(
        "spiffe://example.org/agents/admin", "worker-research", List.of(), "example.org", now, now.plusSeconds(60),
        "2", DelegationToken.commandHash(COMMAND), false));
    assertThat(refusal(lying, check())).isEqualTo(ReasonCodes.DELEGATION_TOKEN_INVALID);
  }

  @Test
  void noneAndHmacAreNotAllowed() throws Exception {
    JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(SUPERVISOR).subject("worker-research")
        .audience("worker-research").issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(30)))
        .claim("cmd", DelegationToken.commandHash(COMMAND)).build();
    String none = new com.nimbusds.jwt.PlainJWT(claims).serialize();
    assertThat(refusal(none, check())).isEqualTo(ReasonCodes.DELEGATION_TOKEN_INVALID);
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    SignedJWT hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256)
        .type(new JOSEObjectType("faramesh-delegation+jwt")).build(), claims);
    hmac.sign(new MACSigner(secret));
    assertThat(refusal(hmac.serialize(), check())).isEqualTo(ReasonCodes.DELEGATION_TOKEN_INVALID);
  }

  @Test
  void aDevTokenIsAcceptedOnlyByADevWorker() throws Exception {
    DevProvider dev = (DevProvider) Blocks.configured("identity \"d\" { type = \"dev\" }", "d", Map.of(), dir);
    String token = DelegationToken.sign(dev.delegationKey("supervisor"), new Delegation(
        dev.attest("supervisor").id(), "worker-research", List.of(), "localhost", now, now.plusSeconds(60), "3",
        DelegationToken.commandHash(COMMAND), true));
    Delegation d = DelegationToken.verify(token, new DelegationCheck("worker-research",
        DelegationToken.commandHash(COMMAND), now, null, true));
    assertThat(d.dev()).isTrue();
    assertThat(d.issuer()).isEqualTo(dev.attest("supervisor").id());
    assertThat(refusal(token, check())).isEqualTo(ReasonCodes.DELEGATION_TOKEN_INVALID);
    assertThat(dev.delegationKey("supervisor").privateKey()).isSameAs(dev.delegationKey("worker").privateKey());
  }

  @Test
  void theCommandHashLeavesOutEmptyArgumentsAndSeparatesTheRest() {
    assertThat(DelegationToken.commandHash(List.of("a", "", "b"))).isEqualTo(DelegationToken.commandHash(
        List.of("a", "b")));
    assertThat(DelegationToken.commandHash(List.of("ab"))).isNotEqualTo(DelegationToken.commandHash(
        List.of("a", "b")));
  }
}
