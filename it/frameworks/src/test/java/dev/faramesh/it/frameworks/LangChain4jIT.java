package dev.faramesh.it.frameworks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faramesh.audit.DprRecord;
import dev.faramesh.it.support.HostsFile;
import dev.faramesh.it.support.Jdks;
import dev.faramesh.it.support.RecordedRequest;
import dev.faramesh.it.support.RecordingServer;
import dev.faramesh.it.support.TestSecrets;
import dev.faramesh.it.support.TestTls;
import dev.faramesh.testkit.llm.ScriptedChatServer;
import dev.faramesh.testkit.llm.ScriptedChatServer.ToolCall;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A real LangChain4j {@code AiServices} loop, on every version of the matrix, under the real
 * faramesh.jar: the scripted model asks for six tool calls in turn and the test asserts what the
 * model was told each returned, which tools actually ran, that each call was decided exactly once,
 * and that a permitted call's credential reached the CRM during the call and not after it.
 */
class LangChain4jIT {

  static final String CRM = "crm.internal.test";
  /** The CRM server under a name the credential is not bound to. */
  static final String ELSEWHERE = "elsewhere.internal.test";

  static final String POLICY = """
      credential "crm" {
        backend = "env"
        env     = ["CRM_TOKEN"]
        hosts   = ["crm.internal.test"]
        scope   = ["fetch_crm"]
      }
      agent support-bot {
        default deny
        rules {
          deny! delete_* reason: "never delete"
          deny refund_payment when amount > 500 reason: "refunds over $500 need a human"
          permit refund_payment
          permit lookup_customer
          permit wrapped_lookup
          permit fetch_crm
          deny lambda_tool reason: "lambda tools are not allowed here"
          permit http/* host "127.0.0.1"
          permit http/* host "crm.internal.test"
          permit http/* host "elsewhere.internal.test"
        }
      }
      """;

  static final List<ToolCall> SCRIPT = List.of(
      new ToolCall("lookup_customer", "{\"customerId\":\"42\"}"),
      new ToolCall("refund_payment", "{\"customerId\":\"42\",\"amount\":120}"),
      new ToolCall("refund_payment", "{\"customerId\":\"42\",\"amount\":900}"),
      new ToolCall("lambda_tool", "{\"x\":1}"),
      new ToolCall("wrapped_lookup", "{\"customerId\":\"7\"}"),
      new ToolCall("fetch_crm", "{\"path\":\"/crm/1\"}"));

  private static Path dir;
  private static TestTls tls;
  private static RecordingServer crm;
  private static Path hosts;
  private static final String TOKEN = TestSecrets.random("crm_", 40);
  private static final Map<String, Outcome> RUNS = new ConcurrentHashMap<>();

  record Outcome(AgentRun run, List<String> toolResults, List<RecordedRequest> atCrm) {}

  @BeforeAll
  static void servers() throws Exception {
    dir = Files.createTempDirectory("faramesh-it-lc4j");
    tls = TestTls.create(dir.resolve("tls"), List.of(CRM, ELSEWHERE));
    crm = RecordingServer.start("crm", tls);
    hosts = HostsFile.write(dir.resolve("hosts"), List.of(CRM, ELSEWHERE));
  }

  @AfterAll
  static void stop() throws Exception {
    crm.close();
  }

  static Stream<Arguments> versions() {
    return Matrix.of("langchain4j");
  }

  private static synchronized Outcome run(String version, Jdks.Jdk jdk) throws Exception {
    Outcome o = RUNS.get(version + "@" + jdk.feature());
    if (o != null) {
      return o;
    }
    List<Path> libs = Artifacts.classpath(List.of("dev.langchain4j:langchain4j:" + version,
        "dev.langchain4j:langchain4j-open-ai:" + version), List.of());
    crm.clear();
    try (ScriptedChatServer model = ScriptedChatServer.start(SCRIPT)) {
      AgentRun run = AgentRun.run(jdk, "lc4j-" + version, POLICY, libs, "agent=support-bot",
          "dev.faramesh.it.frameworks.langchain4j.LangChain4jApp",
          List.of(model.baseUrl(), "http://" + CRM + ":" + crm.plainPort(),
              "http://" + ELSEWHERE + ":" + crm.plainPort()),
          c -> c.env("CRM_TOKEN", TOKEN).jvmArg(HostsFile.argument(hosts)));
      o = new Outcome(run, model.toolResults(), crm.requests());
    }
    RUNS.put(version + "@" + jdk.feature(), o);
    return o;
  }

  @ParameterizedTest(name = "LangChain4j {0} on {1}")
  @MethodSource("versions")
  void theModelSeesEachResultAndTheAppContinues(String version, Jdks.Jdk jdk) throws Exception {
    Outcome o = run(version, jdk);
    assertThat(o.run.result.exitCode()).as("%s", o.run).isZero();
    assertThat(o.run.result.stdout()).as("%s", o.run).contains("APP DONE");
    List<String> results = o.toolResults;
    assertThat(results).as("%s", o.run).hasSize(6);
    assertThat(results.get(0)).isEqualTo("customer 42: Ada Lovelace, plan pro");
    assertThat(results.get(1)).isEqualTo("refunded $120.0 to 42");
    assertThat(results.get(2)).contains("faramesh denied refund_payment").contains("[RULE_DENY]")
        .contains("refunds over $500 need a human").containsPattern("rule fpl-\\d+ \\(.*governance.fms:\\d+:\\d+\\)");
    assertThat(results.get(3)).contains("faramesh denied lambda_tool").contains("lambda tools are not allowed here");
    assertThat(results.get(4)).isEqualTo("customer 7: Ada Lovelace, plan pro");
    assertThat(results.get(5)).isEqualTo("crm /crm/1 status=200");
    assertThat(o.run.result.stdout()).contains("ANSWER FINAL: customer 42");
  }

  @ParameterizedTest(name = "LangChain4j {0} on {1}")
  @MethodSource("versions")
  void refusedToolsNeverRun(String version, Jdks.Jdk jdk) throws Exception {
    Outcome o = run(version, jdk);
    List<String> ran = o.run.result.lines("TOOL ");
    assertThat(ran).as("%s", o.run).anyMatch(l -> l.startsWith("refund_payment ran 42 120.0"))
        .noneMatch(l -> l.startsWith("refund_payment ran 42 900"))
        .noneMatch(l -> l.startsWith("lambda_tool"))
        .anyMatch(l -> l.startsWith("lookup_customer ran 7"));
    assertThat(o.run.result.lines("AUDIT ")).containsExactly("wrapped_lookup");
  }

  @ParameterizedTest(name = "LangChain4j {0} on {1}")
  @MethodSource("versions")
  void eachToolCallIsDecidedExactlyOnce(String version, Jdks.Jdk jdk) throws Exception {
    Outcome o = run(version, jdk);
    assertThat(o.run.decisionsFor("lookup_customer")).hasSize(1);
    assertThat(o.run.decisionsFor("refund_payment")).extracting(DprRecord::effect).containsExactly("PERMIT", "DENY");
    assertThat(o.run.decisionsFor("lambda_tool")).extracting(DprRecord::effect).containsExactly("DENY");
    assertThat(o.run.decisionsFor("wrapped_lookup")).extracting(DprRecord::effect).containsExactly("PERMIT");
    assertThat(o.run.decisionsFor("fetch_crm")).extracting(DprRecord::effect).containsExactly("PERMIT");
    assertThat(o.run.decisionsFor("refund_payment")).allSatisfy(d -> assertThat(d.interceptAdapter()).isEqualTo("langchain4j"));
  }

  @ParameterizedTest(name = "LangChain4j {0} on {1}")
  @MethodSource("versions")
  void aPermittedToolCallCarriesItsCredentialOnlyWhileItRuns(String version, Jdks.Jdk jdk) throws Exception {
    Outcome o = run(version, jdk);
    List<RecordedRequest> same = o.atCrm.stream().filter(r -> r.pathQuery().equals("/crm/1"))
        .filter(r -> r.header("host").startsWith(CRM + ":")).toList();
    assertThat(same).as("the request inside fetch_crm, then the same one after the loop").hasSize(2);
    RecordedRequest inside = same.get(0);
    RecordedRequest outside = same.get(1);
    assertThat(inside.header("authorization")).isEqualTo("Bearer " + TOKEN);
    assertThat(outside.header("authorization")).startsWith("Bearer ").doesNotContain(TOKEN);
    assertThat(o.run.result.stdout()).contains("OUTSIDE status=200");
    // during the call, the same credential sent to a host it is not bound to stays a placeholder
    RecordedRequest elsewhere = o.atCrm.stream().filter(r -> r.header("host").startsWith(ELSEWHERE + ":"))
        .findFirst().orElseThrow();
    assertThat(elsewhere.pathQuery()).isEqualTo("/crm/1");
    assertThat(elsewhere.header("authorization")).isEqualTo(outside.header("authorization"));
    assertThat(o.run.result.stdout() + o.run.result.stderr()).doesNotContain(TOKEN);
  }
}
