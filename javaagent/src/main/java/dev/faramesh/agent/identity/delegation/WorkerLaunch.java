package dev.faramesh.agent.identity.delegation;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A child process that will run under Faramesh as agent {@code agentId}, recognised from its
 * command line and environment the way the child's own agent will resolve its label: a
 * {@code -javaagent:...faramesh....jar=...agent=ID...} argument (on the command line, or in
 * {@code JAVA_TOOL_OPTIONS} / {@code JDK_JAVA_OPTIONS} for a {@code java} program), then
 * {@code -Dfaramesh.agent=ID}, then {@code FARAMESH_AGENT} / {@code FARAMESH_AGENT_ID} in the
 * child's environment; or {@code faramesh run --agent ID}. {@code direct} says whether the
 * command line is the worker JVM's own, so a delegation token can be bound to it; it is not for
 * {@code faramesh run} (the launcher starts the JVM with another command line). A child running
 * Faramesh without a label it can be told from (the policy's only agent) is not recognised.
 */
public record WorkerLaunch(String agentId, boolean direct) {

  /** The worker {@code command} with {@code environment} starts, or {@code null} when it starts none. */
  public static WorkerLaunch of(List<String> command, Map<String, String> environment) {
    if (command.isEmpty()) {
      return null;
    }
    String program = baseName(command.get(0));
    List<String> args = command.subList(1, command.size());
    if (program.equals("faramesh") && args.contains("run")) {
      String agent = option(args, "--agent");
      return agent == null ? null : new WorkerLaunch(agent, false);
    }
    String fromJavaagent = null;
    boolean javaagent = false;
    for (String a : args) {
      String opts = farameshAgentOptions(a);
      if (opts != null) {
        javaagent = true;
        fromJavaagent = agentArgument(opts);
        break;
      }
    }
    boolean java = program.equals("java") || program.equals("java.exe");
    if (!javaagent && java) {
      for (String variable : List.of("JDK_JAVA_OPTIONS", "JAVA_TOOL_OPTIONS")) {
        String value = environment.get(variable);
        if (value != null) {
          for (String a : value.trim().split("\\s+")) {
            String opts = farameshAgentOptions(a);
            if (opts != null) {
              javaagent = true;
              fromJavaagent = agentArgument(opts);
            }
          }
        }
      }
    }
    if (!javaagent) {
      return null;
    }
    String agent = fromJavaagent;
    if (agent == null) {
      for (String a : args) {
        if (a.startsWith("-Dfaramesh.agent=")) {
          agent = a.substring("-Dfaramesh.agent=".length());
        }
      }
    }
    if (agent == null) {
      agent = environment.get("FARAMESH_AGENT");
    }
    if (agent == null) {
      agent = environment.get("FARAMESH_AGENT_ID");
    }
    return agent == null || agent.isBlank() ? null : new WorkerLaunch(agent.trim(), java);
  }

  /** The options of a {@code -javaagent:} argument naming a faramesh jar ({@code ""} without any), else {@code null}. */
  private static String farameshAgentOptions(String arg) {
    if (!arg.startsWith("-javaagent:")) {
      return null;
    }
    String spec = arg.substring("-javaagent:".length());
    int eq = spec.indexOf('=');
    String jar = eq < 0 ? spec : spec.substring(0, eq);
    String name = baseName(jar).toLowerCase(Locale.ROOT);
    if (!name.contains("faramesh") || !name.endsWith(".jar")) {
      return null;
    }
    return eq < 0 ? "" : spec.substring(eq + 1);
  }

  private static String agentArgument(String options) {
    for (String part : options.split(",")) {
      int eq = part.indexOf('=');
      if (eq > 0 && part.substring(0, eq).trim().equals("agent")) {
        return part.substring(eq + 1).trim();
      }
    }
    return null;
  }

  private static String option(List<String> args, String name) {
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.equals(name) && i + 1 < args.size()) {
        return args.get(i + 1);
      }
      if (a.startsWith(name + "=")) {
        return a.substring(name.length() + 1);
      }
    }
    return null;
  }

  private static String baseName(String path) {
    int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
    return path.substring(slash + 1);
  }
}
