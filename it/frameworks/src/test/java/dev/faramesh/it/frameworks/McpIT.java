package dev.faramesh.it.frameworks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faramesh.audit.DprRecord;
import dev.faramesh.it.support.Jdks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The MCP Java SDK client, on every SDK version of the matrix, talking to a real stdio MCP server
 * child process under the real faramesh.jar: tool calls are the actions {@code mcp/<server>/<tool>},
 * a refused call returns an {@code isError} result without reaching the server, and the
 * application goes on.
 */
class McpIT {

  static final String POLICY = """
      agent mcp-bot {
        default deny
        rules {
          deny! mcp/*/delete_* reason: "never delete"
          permit mcp/weather-server/get_weather
          permit process/exec
        }
      }
      """;

  private static final Map<String, Outcome> RUNS = new ConcurrentHashMap<>();

  record Outcome(AgentRun run, List<String> serverCalls) {}

  static Stream<Arguments> versions() {
    return Matrix.of("mcp");
  }

  private static synchronized Outcome run(String version, Jdks.Jdk jdk) throws Exception {
    Outcome o = RUNS.get(version + "@" + jdk.feature());
    if (o == null) {
      Path log = Files.createTempFile("mcp-calls", ".log");
      List<Path> libs = Artifacts.classpath(List.of("io.modelcontextprotocol.sdk:mcp:" + version), List.of());
      AgentRun run = AgentRun.run(jdk, "mcp-" + version, POLICY, libs, "agent=mcp-bot",
          "dev.faramesh.it.frameworks.mcp.McpApp", McpServers.command(jdk, log), c -> { });
      o = new Outcome(run, new ArrayList<>(Files.readAllLines(log)));
      RUNS.put(version + "@" + jdk.feature(), o);
    }
    return o;
  }

  @ParameterizedTest(name = "MCP SDK {0} on {1}")
  @MethodSource("versions")
  void aRefusedCallIsAnErrorResultAndTheAppGoesOn(String version, Jdks.Jdk jdk) throws Exception {
    Outcome o = run(version, jdk);
    assertThat(o.run.result.exitCode()).as("%s", o.run).isZero();
    assertThat(o.run.result.stdout()).as("%s", o.run).contains("APP DONE").contains("SERVER weather-server");
    assertThat(o.run.result.lines("RESULT sync-weather ")).containsExactly("ok Sunny in Paris");
    assertThat(o.run.result.lines("RESULT sync-delete ")).singleElement().asString()
        .startsWith("isError faramesh denied mcp/weather-server/delete_forecasts").contains("STRICT_DENY]")
        .contains("never delete");
    assertThat(o.run.result.lines("RESULT sync-weather-again ")).containsExactly("ok Sunny in Oslo");
    assertThat(o.run.result.lines("RESULT async-weather ")).containsExactly("ok Sunny in Rome");
    assertThat(o.run.result.lines("RESULT async-delete ")).singleElement().asString()
        .startsWith("isError faramesh denied mcp/weather-server/delete_forecasts").contains("never delete");
  }

  @ParameterizedTest(name = "MCP SDK {0} on {1}")
  @MethodSource("versions")
  void theServerNeverSeesARefusedCall(String version, Jdks.Jdk jdk) throws Exception {
    Outcome o = run(version, jdk);
    assertThat(o.serverCalls).as("%s", o.run).hasSize(3)
        .allMatch(l -> l.startsWith("CALLED get_weather "));
  }

  @ParameterizedTest(name = "MCP SDK {0} on {1}")
  @MethodSource("versions")
  void eachCallIsDecidedOnceAsMcpServerTool(String version, Jdks.Jdk jdk) throws Exception {
    Outcome o = run(version, jdk);
    assertThat(o.run.decisionsFor("mcp/weather-server/get_weather")).extracting(DprRecord::effect)
        .containsExactly("PERMIT", "PERMIT", "PERMIT");
    assertThat(o.run.decisionsFor("mcp/weather-server/delete_forecasts")).extracting(DprRecord::effect)
        .containsExactly("DENY", "DENY");
    assertThat(o.run.decisionsFor("mcp/weather-server/get_weather"))
        .allSatisfy(d -> assertThat(d.interceptAdapter()).isEqualTo("mcp"));
  }
}
