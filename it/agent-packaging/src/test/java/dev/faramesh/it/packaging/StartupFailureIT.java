package dev.faramesh.it.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faramesh.it.support.ChildJvm;
import dev.faramesh.it.support.Jdks;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fail closed at start-up: when the configuration or the policy is invalid, or enforcement is
 * asked for without a real identity, the JVM exits before the application's {@code main} runs,
 * with one clear message on stderr and no stack trace.
 */
class StartupFailureIT {

  @TempDir static Path dir;

  static Stream<Jdks.Jdk> jdks() {
    return Jdks.selected().stream();
  }

  private static final String GOOD = """
      agent bot {
        default deny
        rules { permit process/exec }
      }
      """;

  private static ChildJvm.Result start(Jdks.Jdk jdk, String name, String policy, String agentArgs) throws Exception {
    Path work = Apps.workdir(dir, jdk.feature() + "-" + name, policy);
    return Apps.scenario(jdk, work, agentArgs, "getenv\tPATH\n").run();
  }

  private static void assertRefused(ChildJvm.Result r, String... messages) {
    assertThat(r.exitCode()).as("%s", r).isEqualTo(78);
    assertThat(r.stdout()).as("the application must not run").doesNotContain("APP STARTED");
    assertThat(r.stderr()).contains("the application was not started").doesNotContain("\tat ")
        .doesNotContain("Exception in thread");
    for (String m : messages) {
      assertThat(r.stderr()).contains(m);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void anInvalidPolicyIsReportedWithFileLineAndColumn(Jdks.Jdk jdk) throws Exception {
    ChildJvm.Result r = start(jdk, "bad-policy", """
        agent bot {
          default deny
          rules { permit process/exec when args.program == }
        }
        """, "agent=bot");
    assertRefused(r, "invalid policy", "governance.fms:3:");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void aMissingPolicyFileIsReported(Jdks.Jdk jdk) throws Exception {
    ChildJvm.Result r = start(jdk, "no-policy", null, "agent=bot");
    assertRefused(r, "governance.fms:1:1: ", "cannot read policy file: no such file");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void anUnknownAgentArgumentIsReported(Jdks.Jdk jdk) throws Exception {
    ChildJvm.Result r = start(jdk, "bad-arg", GOOD, "polcy=governance.fms");
    assertRefused(r, "invalid configuration: unknown agent argument \"polcy\" (did you mean \"policy\"?)");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void anInvalidModeNamesWhereItCameFrom(Jdks.Jdk jdk) throws Exception {
    Path work = Apps.workdir(dir, jdk.feature() + "-bad-mode", GOOD);
    ChildJvm.Result r = Apps.scenario(jdk, work, "", "getenv\tPATH\n").env("FARAMESH_MODE", "enforced").run();
    assertRefused(r, "environment variable FARAMESH_MODE is \"enforced\", not a mode");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void explicitEnforceWithoutARealIdentityProviderRefusesToStart(Jdks.Jdk jdk) throws Exception {
    ChildJvm.Result fromArgument = start(jdk, "enforce-arg", GOOD, "agent=bot,mode=enforce");
    assertRefused(fromArgument, "mode=enforce (agent argument mode) needs a real identity provider",
        "runtime { identity = \"NAME\" }");
    ChildJvm.Result fromPolicy = start(jdk, "enforce-policy", "runtime { mode = \"enforce\" }\n" + GOOD, "agent=bot");
    assertRefused(fromPolicy, "runtime { mode = \"enforce\" }) needs a real identity provider");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void aMisconfiguredIdentityIsReported(Jdks.Jdk jdk) throws Exception {
    ChildJvm.Result r = start(jdk, "spiffe", """
        identity "workload" {
          type = "spiffe"
          trust_domain = "example.org"
        }
        runtime { identity = "workload" }
        """ + GOOD, "agent=bot");
    assertRefused(r, "identity \"workload\" (type spiffe", "is misconfigured", "needs socket = ");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void severalAgentsNeedAnAgentLabel(Jdks.Jdk jdk) throws Exception {
    ChildJvm.Result r = start(jdk, "two-agents", GOOD + "agent other {\n  default deny\n}\n", "");
    assertRefused(r, "declares agents [bot, other]", "agent=ID");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void aWalDirectoryThatCannotBeCreatedStopsTheStart(Jdks.Jdk jdk) throws Exception {
    ChildJvm.Result r = start(jdk, "wal-is-a-file", GOOD, "agent=bot,wal=governance.fms");
    assertRefused(r, "cannot create the audit WAL directory");
  }
}
