package dev.faramesh.it.frameworks;

import dev.faramesh.it.support.Jdks;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command that starts the testkit's stdio MCP server as a child process of the app under test. */
final class McpServers {

  static final String NAME = "weather-server";

  private McpServers() {}

  /** {@code java -cp <testkit and Jackson> StdioMcpServer weather-server <log>}. */
  static List<String> command(Jdks.Jdk jdk, Path log) {
    List<String> cp = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (entry.contains("testkit") || entry.contains("/com/fasterxml/jackson/")) {
        cp.add(entry);
      }
    }
    return List.of(jdk.java().toString(), "-cp", String.join(File.pathSeparator, cp),
        "dev.faramesh.testkit.mcp.StdioMcpServer", NAME, log.toString());
  }
}
