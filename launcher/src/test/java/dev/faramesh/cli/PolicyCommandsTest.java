package dev.faramesh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The policy commands as a user runs them: output, diagnostics and exit codes. */
class PolicyCommandsTest {

  @TempDir
  Path dir;

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = FarameshCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(code, out.toString(), err.toString());
  }

  private Path policy(String text) throws Exception {
    Path p = dir.resolve("governance.fms");
    Files.writeString(p, text);
    return p;
  }

  private static final String POLICY = """
      credential "stripe-key" { backend = "env" path = "STRIPE_KEY" env = ["STRIPE_KEY"] hosts = ["api.stripe.com"] }
      agent payments-bot {
        default deny
        rules {
          deny! stripe/payouts reason: "payouts are manual"
          defer stripe/refund when amount > 500 reason: "needs finance"
          permit stripe/refund when amount <= 500 and principal.role == "support"
          permit http/post host "api.stripe.com"
        }
        rate_limit stripe/refund: 2 per minute
      }
      """;

  @Test
  void checkValidAndInvalid() throws Exception {
    Path good = policy(POLICY);
    Run ok = run("policy", "check", good.toString());
    assertThat(ok.code()).isZero();
    assertThat(ok.out()).contains("ok (1 agent(s), 4 rule(s), 1 credential(s)");
    Path bad = dir.resolve("bad.fms");
    Files.writeString(bad, "agent a {\n  permit x when args.a = 1\n  rulez { }\n}\n");
    Run failed = run("policy", "check", good.toString(), bad.toString());
    assertThat(failed.code()).isEqualTo(1);
    assertThat(failed.err()).contains(bad + ":2:24: use \"==\"").contains("  permit x when args.a = 1\n")
        .contains(bad + ":3:3: unknown agent setting \"rulez\" (did you mean \"rules\"?)").contains("2 errors")
        .doesNotContain("Exception");
  }

  @Test
  void explainJson() throws Exception {
    Path p = policy(POLICY);
    Run r = run("policy", "explain", p.toString(), "--agent", "payments-bot", "--tool", "stripe/refund",
        "--arg", "amount=80", "--principal", "role=support", "--json");
    assertThat(r.code()).isZero();
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertThat(j.get("effect").asText()).isEqualTo("PERMIT");
    assertThat(j.get("rule_id").asText()).isEqualTo("fpl-3");
    assertThat(j.get("reason_code").asText()).isEqualTo("RULE_PERMIT");
    assertThat(j.get("reason").asText()).isNotBlank();
    assertThat(j.get("rule_ref").asText()).endsWith("governance.fms:7:5");
    assertThat(j.get("trace")).hasSize(2);
    assertThat(j.get("trace").get(0).get("outcome").asText()).startsWith("condition is false");

    Run deferred = run("policy", "explain", p.toString(), "--agent", "payments-bot", "--tool", "stripe/refund",
        "--arg", "amount=900", "--json");
    assertThat(new ObjectMapper().readTree(deferred.out()).get("effect").asText()).isEqualTo("DEFER");
  }

  @Test
  void explainText() throws Exception {
    Path p = policy(POLICY);
    Run r = run("policy", "explain", p.toString(), "--agent", "payments-bot", "--tool", "stripe/payouts");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("=> fpl-1  deny! stripe/payouts").contains("strict deny matches")
        .contains("decision: DENY by rule fpl-1").contains("[FPL_STRICT_DENY]: payouts are manual");
    Run http = run("policy", "explain", p.toString(), "--agent", "payments-bot", "--url", "https://api.stripe.com/v1/x",
        "--method", "POST");
    assertThat(http.out()).contains("decision: PERMIT").contains("credentials usable: stripe-key");
  }

  @Test
  void explainUsageErrorsExit2() throws Exception {
    Path p = policy(POLICY);
    assertThat(run("policy", "explain", p.toString(), "--agent", "x").code()).isEqualTo(2);
    assertThat(run("policy", "explain", p.toString()).code()).isEqualTo(2);
    assertThat(run("policy", "nope").code()).isEqualTo(2);
  }

  @Test
  void testCommandRunsCasesInOrder() throws Exception {
    Path p = policy(POLICY);
    Path cases = Files.createDirectory(dir.resolve("cases"));
    Files.writeString(cases.resolve("refunds.json"), """
        {"cases": [
          {"name": "small refund", "agent": "payments-bot", "tool": "stripe/refund", "args": {"amount": 80},
           "principal": {"role": "support"}, "expect": "permit", "rule": "fpl-3"},
          {"name": "second small refund", "agent": "payments-bot", "tool": "stripe/refund", "args": {"amount": 80},
           "principal": {"role": "support"}, "expect": "permit"},
          {"name": "rate limited", "agent": "payments-bot", "tool": "stripe/refund", "args": {"amount": 80},
           "principal": {"role": "support"}, "expect": "deny", "reason_code": "RATE_EXCEEDED"},
          {"name": "payouts", "agent": "payments-bot", "tool": "stripe/payouts", "expect": "deny", "reason_code": "FPL_STRICT_DENY"},
          {"name": "http", "agent": "payments-bot", "http": {"method": "POST", "url": "https://api.stripe.com/v1/refunds"}, "expect": "permit"}
        ]}
        """);
    Run ok = run("policy", "test", p.toString(), "--cases", cases.toString());
    assertThat(ok.out()).contains("5 passed, 0 failed");
    assertThat(ok.code()).isZero();

    Files.writeString(cases.resolve("wrong.json"), """
        [{"name": "wrong expectation", "agent": "payments-bot", "tool": "stripe/payouts", "expect": "permit"}]
        """);
    Run failed = run("policy", "test", p.toString(), "--cases", cases.toString());
    assertThat(failed.code()).isEqualTo(1);
    assertThat(failed.out()).contains("FAIL wrong.json :: wrong expectation: expected permit, got DENY by rule fpl-1")
        .contains("5 passed, 1 failed");

    Files.writeString(cases.resolve("wrong.json"), "[{\"agent\": \"payments-bot\", \"tool\": \"x\"}]");
    Run invalid = run("policy", "test", p.toString(), "--cases", cases.toString());
    assertThat(invalid.code()).isEqualTo(1);
    assertThat(invalid.err()).contains("wrong.json: invalid case file: case 1: missing \"expect\"");
  }

  @Test
  void versionPrints() {
    Run r = run("version");
    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("faramesh 0.1.0-SNAPSHOT");
  }
}
