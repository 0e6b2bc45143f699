package dev.faramesh.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every class of error is reported as file:line:col with the line and a caret, never as a stack trace. */
class DiagnosticsTest {

  private static PolicyException error(String fpl) {
    PolicyException e = catchThrowableOfType(PolicyException.class, () -> Policy.parse("gov.fms", fpl));
    assertThat(e).as("policy must be rejected:\n" + fpl).isNotNull();
    return e;
  }

  private static Diagnostic only(String fpl) {
    List<Diagnostic> errors = error(fpl).diagnostics().stream().filter(Diagnostic::isError).toList();
    assertThat(errors).as(errors.toString()).hasSize(1);
    return errors.get(0);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      unterminated string            | agent a { permit x reason: "oops }                       | 1 | 28 | unterminated string
      stray character                | agent a { permit x ~ }                                    | 1 | 20 | unexpected character '~'
      dollar without amount          | agent a { budget b { max $ } }                           | 1 | 26 | must be followed by an amount
      unknown top-level block        | agnet a { }                                               | 1 | 1  | did you mean "agent"
      unknown agent item             | agent a { rulez { } }                                     | 1 | 11 | did you mean "rules"
      bad effect in rules            | agent a { rules { permitt x } }                           | 1 | 19 | did you mean "permit"
      default effect                 | agent a { default denny }                                 | 1 | 19 | did you mean "deny"
      missing tool pattern           | agent a { permit }                                        | 1 | 18 | expected a tool name
      unclosed agent                 | agent a { permit x                                        | 1 | 1  | unclosed agent a
      single equals in condition     | agent a { permit x when args.a = 1 }                      | 1 | 32 | use "=="
      dangling operator              | agent a { permit x when args.a == }                       | 1 | 35 | expected a value
      unknown function               | agent a { permit x when purpse("p") }                     | 1 | 25 | did you mean "purpose"
      wrong arity                    | agent a { permit x when len(1, 2) }                       | 1 | 25 | len takes 1 argument, not 2
      unknown session field          | agent a { permit x when session.cal_count > 1 }           | 1 | 25 | did you mean "call_count"
      invalid regex                  | agent a { permit x when args.a matches "(" }              | 1 | 40 | invalid regular expression
      not a field                    | agent a { permit x when stripe/* == 1 }                   | 1 | 25 | is not a field name
      unit in condition              | agent a { permit x when args.t > 30s }                    | 1 | 34 | cannot carry a unit
      bad port                       | agent a { permit http/get port 99999 }                    | 1 | 32 | port must be a port number
      bad duration                   | credential c { path = "P" hosts = ["h"] ttl = "5 minutes" } | 1 | 47 | must be a duration
      unknown backend                | credential c { backend = "vaul" path = "p" }              | 1 | 26 | did you mean "vault"
      unknown credential field       | credential c { path = "p" host = ["h"] }                  | 1 | 27 | did you mean "hosts"
      bad env name                   | credential c { path = "p" env = ["MY-KEY"] hosts = ["h"] } | 1 | 34 | not an environment variable name
      unknown identity type          | identity i { type = "spiffy" }                            | 1 | 21 | did you mean "spiffe"
      unknown identity field         | identity i { type = "oidc" issuerr = "x" }                | 1 | 28 | did you mean "issuer"
      identity without type          | identity i { issuer = "x" }                               | 1 | 1  | needs type
      invalid mode                   | runtime { mode = "enforced" }                             | 1 | 18 | did you mean "enforce"
      unknown runtime field          | runtime { wal = "x" }                                     | 1 | 11 | unknown field "wal"
      undeclared identity reference  | agent a { identity = "okta" }                             | 1 | 22 | not declared
      rate limit without per         | agent a { rate_limit x: 10 minute }                       | 1 | 28 | expected "per"
      bad window                     | agent a { rate_limit x: 10 per fortnight }                | 1 | 32 | window must be
      budget without cap             | agent a { budget b { on_exceed deny } }                   | 1 | 11 | sets no cap
      phase next unknown             | agent a { phase p { duration 1h next q } }                | 1 | 38 | not a phase of this agent
      inherits not a budget          | agent a { delegate { to = ["b"] inherits = ["rules"] } }  | 1 | 45 | inherits names what workers may share
      bad ceiling                    | agent a { delegate b { ceiling never } }                  | 1 | 32 | ceiling must be inherited or approval
      federation not spiffe          | trust { spiffe_federated "partner.example.com" }          | 1 | 26 | spiffe://
      """)
  void reportsEachErrorClass(String name, String fpl, int line, int column, String message) {
    Diagnostic d = only(fpl);
    assertThat(d.message()).contains(message);
    assertThat(d.at()).isEqualTo(new SourceRef("gov.fms", line, column));
    String formatted = d.format();
    assertThat(formatted).startsWith("gov.fms:" + line + ":" + column + ": ");
    String[] lines = formatted.split("\n");
    assertThat(lines).hasSize(3);
    assertThat(lines[2].indexOf('^')).isEqualTo(2 + column - 1);
  }

  @Test
  void duplicatesAreErrors() {
    assertThat(only("agent a { }\nagent a { }").message()).contains("declared twice").contains("gov.fms:1:1");
    assertThat(only("credential c { path = \"p\" hosts = [\"h\"] }\ncredential c { path = \"q\" hosts = [\"h\"] }")
        .message()).contains("credential \"c\" is declared twice");
    assertThat(only("identity i { type = \"dev\" }\nidentity i { type = \"dev\" }").message()).contains("declared twice");
  }

  @Test
  void literalSecretsAreRejectedWithoutEchoingThem() {
    Diagnostic d = only("provider v { type = \"vault\" token = \"s.SuperSecretToken\" }");
    assertThat(d.message()).contains("env(\"VARIABLE\")").doesNotContain("SuperSecret");
    assertThat(d.format()).contains("token = ");
  }

  @Test
  void allErrorsOfAFileInOneRun() {
    PolicyException e = error("""
        agent a {
          permit x when args.a ==
          permitt y
          default sometimes
        }
        identity i { type = "nope" }
        runtime { mode = "loud" }
        agnet b { }
        """);
    assertThat(e.diagnostics()).filteredOn(Diagnostic::isError).extracting(d -> d.at().line())
        .containsExactly(3, 4, 6, 7, 8);
    assertThat(e.getMessage()).endsWith("5 errors").doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void missingFileIsAPositionedError() {
    PolicyException e = catchThrowableOfType(PolicyException.class, () -> Policy.load(Path.of("/nonexistent/gov.fms")));
    assertThat(e.getMessage()).startsWith("/nonexistent/gov.fms:1:1: cannot read policy file: no such file");
  }

  @Test
  void tabsAndCarriageReturnsDoNotShiftTheCaret() {
    Diagnostic d = only("agent a {\r\n\tpermit x when args.a = 1\r\n}\r\n");
    assertThat(d.at().line()).isEqualTo(2);
    assertThat(d.format()).doesNotContain("\r");
    String[] lines = d.format().split("\n");
    assertThat(lines[1].charAt(lines[2].indexOf('^'))).isEqualTo('=');
  }
}
