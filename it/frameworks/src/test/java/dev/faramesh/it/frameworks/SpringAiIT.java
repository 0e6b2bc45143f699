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
import java.util.ArrayList;
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
 * A real Spring AI {@code ChatClient} tool loop on 1.0.x, 1.1.x and 2.0.x under the real
 * faramesh.jar, with {@code @Tool} methods, a hand-written callback and the tools of a stdio MCP
 * server through Spring AI's MCP callbacks. A refusal surfaces as {@code ToolExecutionException},
 * so Spring AI's own processor hands its message to the model; an MCP tool, seen first as a
 * Spring AI callback and then as an MCP client call, is decided once as {@code mcp/<server>/<tool>}.
 */
class SpringAiIT {

  static final String CRM = "crm.internal.test";

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
          deny! mcp/*/delete_* reason: "never delete"
          deny refund_payment when amount > 500 reason: "refunds over $500 need a human"
          permit refund_payment
          permit lookup_customer
          deny export_data reason: "exports need approval"
          permit mcp/weather-server/get_weather
          permit fetch_crm
          permit http/* host "127.0.0.1"
          permit http/* host "crm.internal.test"
          permit process/exec
        }
      }
      """;

  static final List<ToolCall> SCRIPT = List.of(
      new ToolCall("lookup_customer", "{\"customerId\":\"42\"}"),
      new ToolCall("refund_payment", "{\"customerId\":\"42\",\"amount\":900}"),
      new ToolCall("export_data", "{\"table\":\"customers\"}"),
      new ToolCall("get_weather", "{\"city\":\"Paris\"}"),
      new ToolCall("delete_forecasts", "{\"city\":\"Paris\"}"),
      new ToolCall("fetch_crm", "{\"path\":\"/crm/1\"}"));

  private static Path dir;
  private static TestTls tls;
  private static RecordingServer crm;
  private static Path hosts;
  private static final String TOKEN = TestSecrets.random("crm_", 40);

  @BeforeAll
  static void servers() throws Exception {
    dir = Files.createTempDirectory("faramesh-it-spring-ai");
    tls = TestTls.create(dir.resolve("tls"), List.of(CRM));
    crm = RecordingServer.start("crm", tls);
    hosts = HostsFile.write(dir.resolve("hosts"), List.of(CRM));
  }

  @AfterAll
  static void stop() throws Exception {
    crm.close();
  }

  private static final Map<String, Outcome> RUNS = new ConcurrentHashMap<>();

  record Outcome(AgentRun run, List<String> toolResults, List<String> serverCalls, List<RecordedRequest> atCrm) {}

  static Stream<Arguments> versions() {
    return Matrix.of("spring-ai");
  }

  private static synchronized Outcome run(String version, Jdks.Jdk jdk) throws Exception {
    Outcome o = RUNS.get(version + "@" + jdk.feature());
    if (o != null) {
      return o;
    }
    List<String> boms = new ArrayList<>(List.of("org.springframework.ai:spring-ai-bom:pom:" + version));
    if (version.startsWith("2.")) {
      boms.add("org.springframework.boot:spring-boot-dependencies:pom:" + System.getProperty("it.spring-ai2.boot.version"));
    }
    List<Path> libs = Artifacts.classpath(List.of("org.springframework.ai:spring-ai-openai:" + version,
        "org.springframework.ai:spring-ai-client-chat:" + version, "org.springframework.ai:spring-ai-mcp:" + version),
        boms);
    Path log = Files.createTempFile("mcp-calls", ".log");
    crm.clear();
    try (ScriptedChatServer model = ScriptedChatServer.start(SCRIPT)) {
      List<String> args = new ArrayList<>();
      args.add(model.baseUrl());
      args.addAll(McpServers.command(jdk, log));
      AgentRun run = AgentRun.run(jdk, "spring-ai-" + version, POLICY, libs, "agent=support-bot",
          "dev.faramesh.it.frameworks.springai.SpringAiApp", args,
          c -> c.env("CRM_TOKEN", TOKEN).jvmArg(HostsFile.argument(hosts))
              .property("crm.url", "http://" + CRM + ":" + crm.plainPort()));
      o = new Outcome(run, model.toolResults(), new ArrayList<>(Files.readAllLines(log)), crm.requests());
    }
    RUNS.put(version + "@" + jdk.feature(), o);
    return o;
  }

  @ParameterizedTest(name = "Spring AI {0} on {1}")
  @MethodSource("versions")
  void theModelSeesEachResultAndTheAppContinues(String version, Jdks.Jdk jdk) throws Exception {
    Outcome o = run(version, jdk);
    assertThat(o.run.result.exitCode()).as("%s", o.run).isZero();
    assertThat(o.run.result.stdout()).as("%s", o.run).contains("APP DONE").contains("ANSWER FINAL: ");
    assertThat(o.toolResults).as("%s", o.run).hasSize(6);
    assertThat(o.toolResults.get(0)).contains("customer 42: Ada Lovelace, plan pro");
    // each refusal reached the model through the app's own ToolExecutionExceptionProcessor, as a
    // ToolExecutionException whose cause is the denial (a SecurityException)
    assertThat(o.toolResults.get(1)).contains("app processor: faramesh denied refund_payment").contains("[RULE_DENY]")
        .contains("refunds over $500 need a human");
    assertThat(o.toolResults.get(2)).contains("app processor: faramesh denied export_data").contains("exports need approval");
    assertThat(o.toolResults.get(3)).contains("Sunny in Paris");
    assertThat(o.toolResults.get(4)).contains("app processor: faramesh denied mcp/weather-server/delete_forecasts")
        .contains("STRICT_DENY]").contains("never delete");
    assertThat(o.run.result.lines("PROCESSOR ")).hasSize(3)
        .allMatch(l -> l.endsWith(" dev.faramesh.bootstrap.FarameshDeniedException"));
  }

  @ParameterizedTest(name = "Spring AI {0} on {1}")
  @MethodSource("versions")
  void refusedToolsNeverRun(String version, Jdks.Jdk jdk) throws Exception {
    Outcome o = run(version, jdk);
    assertThat(o.run.result.lines("TOOL ")).as("%s", o.run).containsExactly("lookup_customer ran 42",
        "fetch_crm ran /crm/1 status=200");
    assertThat(o.serverCalls).hasSize(1).allMatch(l -> l.startsWith("CALLED get_weather "));
  }

  @ParameterizedTest(name = "Spring AI {0} on {1}")
  @MethodSource("versions")
  void eachToolCallIsDecidedOnceEvenThroughTwoLayers(String version, Jdks.Jdk jdk) throws Exception {
    Outcome o = run(version, jdk);
    assertThat(o.run.decisionsFor("lookup_customer")).extracting(DprRecord::effect).containsExactly("PERMIT");
    assertThat(o.run.decisionsFor("refund_payment")).extracting(DprRecord::effect).containsExactly("DENY");
    assertThat(o.run.decisionsFor("export_data")).extracting(DprRecord::effect).containsExactly("DENY");
    assertThat(o.run.decisionsFor("mcp/weather-server/get_weather")).extracting(DprRecord::effect)
        .containsExactly("PERMIT");
    assertThat(o.run.decisionsFor("mcp/weather-server/delete_forecasts")).extracting(DprRecord::effect)
        .containsExactly("DENY");
    assertThat(o.run.decisionsFor("mcp/weather-server/get_weather"))
        .allSatisfy(d -> assertThat(d.interceptAdapter()).isEqualTo("spring-ai"));
    assertThat(o.run.decisionsFor("fetch_crm")).extracting(DprRecord::effect).containsExactly("PERMIT");
  }

  @ParameterizedTest(name = "Spring AI {0} on {1}")
  @MethodSource("versions")
  void aPermittedToolCallCarriesItsCredentialOnlyWhileItRuns(String version, Jdks.Jdk jdk) throws Exception {
    Outcome o = run(version, jdk);
    assertThat(o.toolResults.get(5)).contains("crm /crm/1 status=200");
    List<RecordedRequest> same = o.atCrm.stream().filter(r -> r.pathQuery().equals("/crm/1")).toList();
    assertThat(same).as("the request inside fetch_crm, then the same one after the loop").hasSize(2);
    assertThat(same.get(0).header("authorization")).isEqualTo("Bearer " + TOKEN);
    assertThat(same.get(1).header("authorization")).startsWith("Bearer ").doesNotContain(TOKEN);
    assertThat(o.run.result.stdout()).contains("OUTSIDE status=200");
    assertThat(o.run.result.stdout() + o.run.result.stderr()).doesNotContain(TOKEN);
  }
}
