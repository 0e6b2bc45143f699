package dev.faramesh.agent.config;

import dev.faramesh.policy.Mode;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The agent's settings as resolved at premain. Each setting comes from the agent arguments
 * ({@code -javaagent:faramesh.jar=policy=governance.fms,agent=ID,wal=DIR,mode=shadow,identity=NAME}),
 * else a {@code -Dfaramesh.*} system property, else a {@code FARAMESH_*} environment variable;
 * {@link #source} says which, for messages. Unset values are {@code null}: the policy's
 * {@code runtime} block fills them in, then the defaults ({@code governance.fms} and
 * {@code .faramesh/wal} in the working directory). Relative paths resolve against the working
 * directory.
 */
public final class AgentConfig {

  /** The WAL directory when nothing configures one, relative to the working directory. */
  public static final String DEFAULT_WAL = ".faramesh/wal";
  public static final String DEFAULT_POLICY = "governance.fms";

  private final Path workingDirectory;
  private final Map<Setting, String> values;
  private final Map<Setting, String> sources;

  private AgentConfig(Path workingDirectory, Map<Setting, String> values, Map<Setting, String> sources) {
    this.workingDirectory = workingDirectory;
    this.values = values;
    this.sources = sources;
  }

  /** Resolves the settings; invalid agent arguments or values are a {@link ConfigException}. */
  public static AgentConfig resolve(String agentArgs, Properties properties, Map<String, String> environment,
      Path workingDirectory) throws ConfigException {
    Map<Setting, String> values = new EnumMap<>(Setting.class);
    Map<Setting, String> sources = new EnumMap<>(Setting.class);
    Map<String, String> args = parseArguments(agentArgs);
    for (Setting s : Setting.values()) {
      String v = args.get(s.argument);
      String source = "agent argument " + s.argument;
      if (v == null) {
        v = properties.getProperty(s.property);
        source = "system property " + s.property;
      }
      for (int i = 0; v == null && i < s.variables.size(); i++) {
        v = environment.get(s.variables.get(i));
        source = "environment variable " + s.variables.get(i);
      }
      if (v != null && !v.isBlank()) {
        values.put(s, v.trim());
        sources.put(s, source);
      }
    }
    AgentConfig config = new AgentConfig(workingDirectory, values, sources);
    config.check();
    return config;
  }

  private static Map<String, String> parseArguments(String agentArgs) throws ConfigException {
    Map<String, String> args = new LinkedHashMap<>();
    if (agentArgs == null || agentArgs.isBlank()) {
      return args;
    }
    for (String part : agentArgs.split(",")) {
      if (part.isBlank()) {
        continue;
      }
      int eq = part.indexOf('=');
      if (eq <= 0) {
        throw new ConfigException("agent argument \"" + part.trim() + "\" is not key=value; use "
            + "-javaagent:faramesh.jar=policy=governance.fms,agent=ID");
      }
      String key = part.substring(0, eq).trim();
      if (Setting.forArgument(key) == null) {
        throw new ConfigException("unknown agent argument \"" + key + "\"" + suggestion(key)
            + "; known: policy, agent, wal, mode, identity, launcher");
      }
      if (args.put(key, part.substring(eq + 1).trim()) != null) {
        throw new ConfigException("agent argument \"" + key + "\" is given twice");
      }
    }
    return args;
  }

  private static String suggestion(String key) {
    String best = null;
    int bestDistance = 3;
    for (Setting s : Setting.values()) {
      int d = distance(key, s.argument);
      if (d < bestDistance) {
        best = s.argument;
        bestDistance = d;
      }
    }
    return best == null ? "" : " (did you mean \"" + best + "\"?)";
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  private void check() throws ConfigException {
    String mode = values.get(Setting.MODE);
    if (mode != null && Mode.parse(mode) == null) {
      throw new ConfigException(sources.get(Setting.MODE) + " is \"" + mode + "\", not a mode; use enforce, shadow or audit");
    }
    for (Setting s : List.of(Setting.POLICY, Setting.WAL, Setting.PLUGINS, Setting.LAUNCHER)) {
      if (values.containsKey(s)) {
        try {
          Path.of(values.get(s));
        } catch (InvalidPathException e) {
          throw new ConfigException(sources.get(s) + " is not a valid path: " + e.getMessage());
        }
      }
    }
  }

  public Path workingDirectory() {
    return workingDirectory;
  }

  /** The policy file: configured, else {@code governance.fms} in the working directory. */
  public Path policyFile() {
    return resolvePath(values.getOrDefault(Setting.POLICY, DEFAULT_POLICY));
  }

  /** The agent label, or {@code null} when not configured. */
  public String agentId() {
    return values.get(Setting.AGENT);
  }

  /** The configured WAL directory, or {@code null} (the policy or the default decides). */
  public Path walDirectory() {
    String v = values.get(Setting.WAL);
    return v == null ? null : resolvePath(v);
  }

  /** The configured mode, or {@code null} (the policy decides). */
  public Mode mode() {
    return Mode.parse(values.get(Setting.MODE));
  }

  /** The configured identity block name, or {@code null}. */
  public String identity() {
    return values.get(Setting.IDENTITY);
  }

  /** The directory third-party interceptor plugin jars are loaded from, or {@code null} for none. */
  public Path pluginDirectory() {
    String v = values.get(Setting.PLUGINS);
    return v == null ? null : resolvePath(v);
  }

  /**
   * The run directory of the {@code faramesh run} launcher that started this JVM, or {@code null}:
   * then credentials come from the launcher's broker over its socket, not from this process.
   */
  public Path launcherDirectory() {
    String v = values.get(Setting.LAUNCHER);
    return v == null ? null : resolvePath(v);
  }

  /** Where the named setting came from ({@code agent argument mode}), or {@code null} when unset. */
  public String source(String argumentName) {
    Setting s = Setting.forArgument(argumentName);
    return s == null ? null : sources.get(s);
  }

  public Path resolvePath(String path) {
    Path p = Path.of(path);
    return p.isAbsolute() ? p.normalize() : workingDirectory.resolve(p).normalize();
  }
}
