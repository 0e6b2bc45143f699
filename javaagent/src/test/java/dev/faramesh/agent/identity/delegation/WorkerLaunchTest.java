package dev.faramesh.agent.identity.delegation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which launches start a worker under Faramesh, as which agent, and whether a token can be bound to them. */
class WorkerLaunchTest {

  @Test
  void theAgentComesFromTheJavaagentArgumentThenThePropertyThenTheEnvironment() {
    assertThat(WorkerLaunch.of(List.of("/jdk/bin/java", "-javaagent:/opt/faramesh.jar=policy=g.fms,agent=w1",
        "-Dfaramesh.agent=w2", "Main"), Map.of("FARAMESH_AGENT", "w3"))).isEqualTo(new WorkerLaunch("w1", true));
    assertThat(WorkerLaunch.of(List.of("java", "-javaagent:faramesh-0.1.jar", "-Dfaramesh.agent=w2", "Main"),
        Map.of("FARAMESH_AGENT", "w3"))).isEqualTo(new WorkerLaunch("w2", true));
    assertThat(WorkerLaunch.of(List.of("java", "-javaagent:lib/faramesh.jar", "Main"),
        Map.of("FARAMESH_AGENT_ID", "w4"))).isEqualTo(new WorkerLaunch("w4", true));
    assertThat(WorkerLaunch.of(List.of("java", "Main"), Map.of("JAVA_TOOL_OPTIONS",
        "-Xmx1g -javaagent:/x/faramesh.jar=agent=w5"))).isEqualTo(new WorkerLaunch("w5", true));
    assertThat(WorkerLaunch.of(List.of("/usr/local/bin/faramesh", "run", "--agent", "w6", "--", "java", "Main"),
        Map.of())).isEqualTo(new WorkerLaunch("w6", false));
    assertThat(WorkerLaunch.of(List.of("faramesh", "run", "--agent=w7", "python"), Map.of()))
        .isEqualTo(new WorkerLaunch("w7", false));
  }

  @Test
  void aProcessWithoutFarameshOrWithoutALabelIsNoWorker() {
    assertThat(WorkerLaunch.of(List.of("java", "Main"), Map.of("FARAMESH_AGENT", "w"))).isNull();
    assertThat(WorkerLaunch.of(List.of("java", "-javaagent:/x/otel.jar=agent=w", "Main"), Map.of())).isNull();
    assertThat(WorkerLaunch.of(List.of("java", "-javaagent:/x/faramesh.jar", "Main"), Map.of())).isNull();
    assertThat(WorkerLaunch.of(List.of("/bin/sh", "-c", "java -javaagent:faramesh.jar=agent=w"), Map.of())).isNull();
    assertThat(WorkerLaunch.of(List.of(), Map.of())).isNull();
  }
}
