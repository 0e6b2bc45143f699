package dev.faramesh.broker;

import dev.faramesh.policy.EnvReference;
import dev.faramesh.policy.ProviderConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Everything backends are configured from: the process environment as captured at start (before
 * the agent hid brokered variables from the application), the policy's {@code provider} blocks,
 * non-secret settings kept in the credential registry, and command-line flags. {@link #settings}
 * merges them for one backend type, flags first, then {@code FARAMESH_CREDENTIAL_*} variables, then
 * the provider block, then the registry; {@code env("X")} references in provider blocks are resolved
 * against the captured environment.
 */
public final class BackendContext {

  private final Map<String, String> environment;
  private final List<ProviderConfig> providers;
  private final Map<String, Map<String, String>> registry;
  private final Map<String, Map<String, String>> flags;
  private final Path workingDirectory;

  /** A context with only the environment (and settings common to every type, for compatibility). */
  public BackendContext(Map<String, String> environment, Map<String, Object> settings) {
    this(builder().environment(environment));
  }

  private BackendContext(Builder b) {
    this.environment = Map.copyOf(b.environment);
    this.providers = List.copyOf(b.providers);
    this.registry = Map.copyOf(b.registry);
    this.flags = Map.copyOf(b.flags);
    this.workingDirectory = b.workingDirectory;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Map<String, String> environment() {
    return environment;
  }

  public Path workingDirectory() {
    return workingDirectory;
  }

  /** The merged settings of backend {@code type}. */
  public BackendSettings settings(String type) {
    Map<String, String> values = new HashMap<>();
    Map<String, String> sources = new HashMap<>();
    registry.getOrDefault(type, Map.of()).forEach((k, v) -> put(values, sources, k, v, "credential registry"));
    for (int i = providers.size() - 1; i >= 0; i--) {
      ProviderConfig p = providers.get(i);
      if (!p.type().equals(type)) {
        continue;
      }
      for (Map.Entry<String, Object> e : p.settings().entrySet()) {
        Object v = e.getValue();
        String where = "provider \"" + p.name() + "\" (" + p.ref() + ")";
        if (v instanceof EnvReference) {
          String name = ((EnvReference) v).variable();
          put(values, sources, e.getKey(), environment.get(name), where + " env(\"" + name + "\")");
        } else if (v != null && !(v instanceof List)) {
          put(values, sources, e.getKey(), String.valueOf(v), where);
        }
      }
    }
    String prefix = EnvironmentNames.prefix(type);
    for (Map.Entry<String, String> e : environment.entrySet()) {
      if (e.getKey().startsWith(prefix) && e.getKey().length() > prefix.length()) {
        String key = e.getKey().substring(prefix.length()).toLowerCase(Locale.ROOT);
        put(values, sources, key, e.getValue(), "environment variable " + e.getKey());
      }
    }
    flags.getOrDefault(type, Map.of()).forEach((k, v) -> put(values, sources, k, v, "command-line flag"));
    return new BackendSettings(type, values, sources, environment, workingDirectory);
  }

  private static void put(Map<String, String> values, Map<String, String> sources, String key, String value,
      String source) {
    if (value != null && !value.isBlank()) {
      values.put(key, value);
      sources.put(key, source);
    }
  }

  /** Builds a context; every part is optional. */
  public static final class Builder {
    private Map<String, String> environment = Map.of();
    private List<ProviderConfig> providers = List.of();
    private final Map<String, Map<String, String>> registry = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> flags = new LinkedHashMap<>();
    private Path workingDirectory = Path.of("").toAbsolutePath();

    public Builder environment(Map<String, String> env) {
      this.environment = env;
      return this;
    }

    public Builder providers(List<ProviderConfig> p) {
      this.providers = p;
      return this;
    }

    /** Non-secret settings the registry file keeps per backend type. */
    public Builder registry(Map<String, Map<String, String>> settings) {
      settings.forEach((t, m) -> registry.put(t, Map.copyOf(m)));
      return this;
    }

    /** A command-line flag's value for one backend setting. */
    public Builder flag(String type, String key, String value) {
      if (value != null) {
        flags.computeIfAbsent(type, t -> new LinkedHashMap<>()).put(key, value);
      }
      return this;
    }

    public Builder workingDirectory(Path dir) {
      this.workingDirectory = dir;
      return this;
    }

    public BackendContext build() {
      return new BackendContext(this);
    }
  }
}
