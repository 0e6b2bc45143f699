package dev.faramesh.agent.config;

import java.util.List;

/**
 * One configuration key and its three spellings: agent argument, system property and
 * environment variables, in that order of precedence.
 */
enum Setting {
  POLICY("policy", "faramesh.policy", "FARAMESH_POLICY"),
  AGENT("agent", "faramesh.agent", "FARAMESH_AGENT", "FARAMESH_AGENT_ID"),
  WAL("wal", "faramesh.wal.dir", "FARAMESH_WAL_DIR"),
  MODE("mode", "faramesh.mode", "FARAMESH_MODE"),
  IDENTITY("identity", "faramesh.identity", "FARAMESH_IDENTITY"),
  PLUGINS("plugins", "faramesh.plugins", "FARAMESH_PLUGINS"),
  /** The run directory of the faramesh run launcher that started this JVM; never from the environment. */
  LAUNCHER("launcher", "faramesh.launcher");

  final String argument;
  final String property;
  final List<String> variables;

  Setting(String argument, String property, String... variables) {
    this.argument = argument;
    this.property = property;
    this.variables = List.of(variables);
  }

  static Setting forArgument(String name) {
    for (Setting s : values()) {
      if (s.argument.equals(name)) {
        return s;
      }
    }
    return null;
  }
}
