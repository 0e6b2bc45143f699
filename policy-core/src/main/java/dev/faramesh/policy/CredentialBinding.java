package dev.faramesh.policy;

import java.time.Duration;
import java.util.List;

/**
 * A credential the broker holds for the agent: where the backend keeps it ({@code backend},
 * {@code path}), which environment variables the app reads it from (they hold a placeholder),
 * the only hosts the real value may be sent to, the actions allowed to use it (empty: any
 * permitted action), and how long an issued value may live. {@code field} picks one value out of a
 * secret that holds several (a KV entry, a JSON document, an item's fields) and {@code version}
 * pins a version of it; both are {@code null} when not given.
 */
public final class CredentialBinding {

  private final String name;
  private final String backend;
  private final String path;
  private final List<String> env;
  private final List<Glob> hosts;
  private final List<Glob> scope;
  private final Duration ttl;
  private final String maxScope;
  private final SourceRef ref;
  private final String field;
  private final String version;

  public CredentialBinding(String name, String backend, String path, List<String> env, List<String> hosts,
      List<String> scope, Duration ttl, String maxScope, SourceRef ref) {
    this(name, backend, path, env, hosts, scope, ttl, maxScope, ref, null, null);
  }

  public CredentialBinding(String name, String backend, String path, List<String> env, List<String> hosts,
      List<String> scope, Duration ttl, String maxScope, SourceRef ref, String field, String version) {
    this.name = name;
    this.backend = backend;
    this.path = path;
    this.env = List.copyOf(env);
    this.hosts = hosts.stream().map(Glob::host).toList();
    this.scope = scope.stream().map(Glob::path).toList();
    this.ttl = ttl;
    this.maxScope = maxScope;
    this.ref = ref;
    this.field = field;
    this.version = version;
  }

  public String name() { return name; }
  public String backend() { return backend; }
  public String path() { return path; }
  public List<String> env() { return env; }
  public List<String> hosts() { return hosts.stream().map(Glob::pattern).toList(); }
  public List<String> scope() { return scope.stream().map(Glob::pattern).toList(); }
  public Duration ttl() { return ttl; }
  public String maxScope() { return maxScope; }
  public SourceRef ref() { return ref; }
  /** The value to pick out of a secret holding several, or {@code null} for the backend's default. */
  public String field() { return field; }
  /** The pinned version, or {@code null} for the latest. */
  public String version() { return version; }

  /** Whether the real value may be sent to {@code host}. No hosts declared means nowhere. */
  public boolean allowsHost(String host) {
    for (Glob g : hosts) {
      if (g.matches(host)) {
        return true;
      }
    }
    return false;
  }

  /** Whether an action with this tool id may use the credential at all. */
  public boolean coversAction(String toolId) {
    if (scope.isEmpty()) {
      return true;
    }
    for (Glob g : scope) {
      if (g.matches(toolId)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "credential " + name + " (" + backend + ":" + path + ")";
  }
}
