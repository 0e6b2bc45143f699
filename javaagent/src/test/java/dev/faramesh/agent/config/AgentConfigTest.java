package dev.faramesh.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faramesh.policy.Mode;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class AgentConfigTest {

  private final Path cwd = Path.of("/srv/app");

  private static Properties props(String... kv) {
    Properties p = new Properties();
    for (int i = 0; i < kv.length; i += 2) {
      p.setProperty(kv[i], kv[i + 1]);
    }
    return p;
  }

  @Test
  void agentArgumentsBeatPropertiesWhichBeatEnvironment() throws Exception {
    Map<String, String> env = Map.of("FARAMESH_POLICY", "env.fms", "FARAMESH_WAL_DIR", "/var/env-wal",
        "FARAMESH_AGENT_ID", "env-bot", "FARAMESH_MODE", "audit");
    AgentConfig c = AgentConfig.resolve("policy=arg.fms", props("faramesh.policy", "prop.fms", "faramesh.wal.dir",
        "prop-wal"), env, cwd);
    assertThat(c.policyFile()).isEqualTo(Path.of("/srv/app/arg.fms"));
    assertThat(c.source("policy")).isEqualTo("agent argument policy");
    assertThat(c.walDirectory()).isEqualTo(Path.of("/srv/app/prop-wal"));
    assertThat(c.source("wal")).isEqualTo("system property faramesh.wal.dir");
    assertThat(c.agentId()).isEqualTo("env-bot");
    assertThat(c.source("agent")).isEqualTo("environment variable FARAMESH_AGENT_ID");
    assertThat(c.mode()).isEqualTo(Mode.AUDIT);
  }

  @Test
  void defaultsLeaveThePolicyAndWalToTheWorkingDirectory() throws Exception {
    AgentConfig c = AgentConfig.resolve(null, new Properties(), Map.of(), cwd);
    assertThat(c.policyFile()).isEqualTo(Path.of("/srv/app/governance.fms"));
    assertThat(c.walDirectory()).isNull();
    assertThat(c.mode()).isNull();
    assertThat(c.agentId()).isNull();
    assertThat(c.resolvePath(AgentConfig.DEFAULT_WAL)).isEqualTo(Path.of("/srv/app/.faramesh/wal"));
  }

  @Test
  void badArgumentsAreExplained() {
    assertThatThrownBy(() -> AgentConfig.resolve("agnet=x", new Properties(), Map.of(), cwd))
        .isInstanceOf(ConfigException.class).hasMessageContaining("unknown agent argument \"agnet\"")
        .hasMessageContaining("did you mean \"agent\"");
    assertThatThrownBy(() -> AgentConfig.resolve("policy", new Properties(), Map.of(), cwd))
        .hasMessageContaining("is not key=value");
    assertThatThrownBy(() -> AgentConfig.resolve("mode=shadow,mode=audit", new Properties(), Map.of(), cwd))
        .hasMessageContaining("given twice");
    assertThatThrownBy(() -> AgentConfig.resolve("", props("faramesh.mode", "strict"), Map.of(), cwd))
        .hasMessage("system property faramesh.mode is \"strict\", not a mode; use enforce, shadow or audit");
  }
}
