package dev.faramesh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faramesh.testkit.oidc.JwksServer;
import dev.faramesh.testkit.oidc.TokenMinter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code faramesh identity show}: what the agent would be attested as, and why; never a token. */
class IdentityCommandsTest {

  @TempDir
  Path dir;

  JwksServer idp;
  String out;
  String err;

  @BeforeEach
  void start() {
    idp = JwksServer.start();
  }

  @AfterEach
  void stop() {
    idp.close();
  }

  private int run(String... args) {
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    int code = FarameshCli.execute(new PrintWriter(o, true), new PrintWriter(e, true), args);
    out = o.toString();
    err = e.toString();
    return code;
  }

  private Path policy(Path token) throws Exception {
    return Files.writeString(dir.resolve("governance.fms"), """
        identity "okta" {
          type = "oidc"
          issuer = "%s"
          audience = "faramesh"
          jwks_url = "%s"
          token_file = "%s"
          trust_domain = "corp.example"
        }
        agent bot {
          identity = "okta"
          default deny
          spawn { allow = ["worker"] }
          delegate {
            to = ["worker"]
            inherits = ["budget.daily"]
          }
          budget daily {
            daily $500
          }
        }
        agent worker { default deny }
        """.formatted(idp.issuer(), idp.jwksUrl(), token));
  }

  @Test
  void showsTheAttestedIdentityWhereItCameFromAndClaimNamesOnly() throws Exception {
    TokenMinter m = idp.minter();
    String token = m.sign(m.claims("agent-7", "faramesh").claim("tenant", "acme").build());
    Path tokenFile = Files.writeString(dir.resolve("token.jwt"), token);
    int code = run("identity", "show", "--policy", policy(tokenFile).toString(), "--agent", "bot");
    assertThat(code).as(out + err).isZero();
    assertThat(out).contains("agent:     bot")
        .contains("identity \"okta\" (type oidc, ").contains("selected by").contains("agent bot { identity = \"okta\" }")
        .contains("attested:  spiffe://corp.example/agent-7").contains("method:    oidc, verified")
        .contains("tenant").contains("principal_claims_hash ").contains("spawns:    [worker]")
        .contains("delegates: [worker] inheriting [budget.daily]");
    assertThat(out + err).doesNotContain("acme").doesNotContain(token.split("\\.")[1])
        .doesNotContain(token.split("\\.")[2]);
  }

  @Test
  void anExpiredTokenIsNotAttestedAndTheReasonCodeSaysWhy() throws Exception {
    TokenMinter m = idp.minter();
    Instant past = Instant.now().minusSeconds(3600);
    String token = m.sign(m.claims("agent-7", "faramesh").issueTime(Date.from(past.minusSeconds(60)))
        .expirationTime(Date.from(past)).build());
    Path tokenFile = Files.writeString(dir.resolve("token.jwt"), token);
    int code = run("identity", "show", "--policy", policy(tokenFile).toString(), "--agent", "bot");
    assertThat(code).isEqualTo(1);
    assertThat(out).contains("attested:  no: IDENTITY_EXPIRED").contains("deny every action with IDENTITY_EXPIRED");
    assertThat(out + err).doesNotContain(token.split("\\.")[1]);
  }

  @Test
  void withoutAnIdentityBlockTheDevIdentityIsShownAsSuch() throws Exception {
    Path p = Files.writeString(dir.resolve("plain.fms"), "agent bot { default deny }\n");
    int code = run("identity", "show", "--policy", p.toString());
    assertThat(code).isZero();
    assertThat(out).contains("the built-in dev identity").contains("(dev identity: not attested");
  }

  @Test
  void anUndeclaredIdentityIsAUsageError() throws Exception {
    Path p = Files.writeString(dir.resolve("plain.fms"), "agent bot { default deny }\n");
    int code = run("identity", "show", "--policy", p.toString(), "--identity", "nope");
    assertThat(code).isEqualTo(2);
    assertThat(err).contains("--identity names identity \"nope\"");
  }
}
