package dev.faramesh.broker;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The settings of one backend type, already resolved from their sources (command-line flags, then
 * {@code FARAMESH_CREDENTIAL_<BACKEND>_<KEY>} variables, then the policy's {@code provider} block,
 * then the registry file) with the source of each kept for messages. Keys are lower case with
 * underscores ({@code addr}, {@code role_id}, {@code vault_url}). Also carries the process
 * environment as captured at start, where SDK-standard variables ({@code AWS_ACCESS_KEY_ID},
 * {@code AZURE_CLIENT_ID}, ...) are looked up. Never prints values: some are tokens.
 */
public final class BackendSettings {

  /** How long a backend call may take unless {@code timeout} says otherwise. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  private final String type;
  private final Map<String, String> values;
  private final Map<String, String> sources;
  private final Map<String, String> environment;
  private final Path workingDirectory;

  BackendSettings(String type, Map<String, String> values, Map<String, String> sources,
      Map<String, String> environment, Path workingDirectory) {
    this.type = type;
    this.values = Map.copyOf(values);
    this.sources = Map.copyOf(sources);
    this.environment = Collections.unmodifiableMap(environment);
    this.workingDirectory = workingDirectory;
  }

  /** Settings made of exactly {@code values} (tests, embedding). */
  public static BackendSettings of(String type, Map<String, String> values, Map<String, String> environment) {
    Map<String, String> sources = new java.util.HashMap<>();
    values.keySet().forEach(k -> sources.put(k, "setting " + k));
    return new BackendSettings(type, values, sources, environment, Path.of("").toAbsolutePath());
  }

  public String type() {
    return type;
  }

  public boolean isEmpty() {
    return values.isEmpty();
  }

  public Optional<String> get(String key) {
    String v = values.get(key);
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
  }

  /** The first of {@code keys} that is set. */
  public Optional<String> first(String... keys) {
    for (String k : keys) {
      Optional<String> v = get(k);
      if (v.isPresent()) {
        return v;
      }
    }
    return Optional.empty();
  }

  /** A setting that must be present; the message says how to set it. */
  public String require(String key) throws BackendException {
    return get(key).orElseThrow(() -> new BackendException(Failure.BACKEND_NOT_CONFIGURED,
        type + " backend: " + key + " is not set (" + howToSet(key) + ")"));
  }

  /** Where {@code key} came from, for messages ("environment variable FARAMESH_CREDENTIAL_VAULT_ADDR"). */
  public String source(String key) {
    return sources.getOrDefault(key, howToSet(key));
  }

  /** How an operator sets {@code key} for this backend. */
  public String howToSet(String key) {
    return "set " + EnvironmentNames.variable(type, key) + " or " + key + " in the policy's provider block of type "
        + type;
  }

  public Duration duration(String key, Duration fallback) throws BackendException {
    Optional<String> v = get(key);
    if (v.isEmpty()) {
      return fallback;
    }
    String text = v.get().toLowerCase(Locale.ROOT);
    try {
      if (text.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
      }
      if (text.endsWith("s")) {
        return Duration.ofMillis(Math.round(Double.parseDouble(text.substring(0, text.length() - 1)) * 1000));
      }
      if (text.endsWith("m")) {
        return Duration.ofMinutes(Long.parseLong(text.substring(0, text.length() - 1)));
      }
      if (text.chars().allMatch(Character::isDigit)) {
        return Duration.ofSeconds(Long.parseLong(text));
      }
      return Duration.parse(text.toUpperCase(Locale.ROOT));
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new BackendException(Failure.BACKEND_NOT_CONFIGURED, type + " backend: " + key + " (" + source(key)
          + ") is not a duration such as 500ms, 5s or 1m");
    }
  }

  /** The call timeout: {@code timeout}, else {@link #DEFAULT_TIMEOUT}. */
  public Duration timeout() throws BackendException {
    Duration d = duration("timeout", DEFAULT_TIMEOUT);
    if (d.isNegative() || d.isZero()) {
      throw new BackendException(Failure.BACKEND_NOT_CONFIGURED, type + " backend: timeout must be positive");
    }
    return d;
  }

  /** A URL setting, checked for a scheme and a host. */
  public URI url(String key) throws BackendException {
    String raw = require(key);
    try {
      URI u = new URI(raw.endsWith("/") ? raw.substring(0, raw.length() - 1) : raw);
      if (u.getScheme() == null || u.getHost() == null) {
        throw new java.net.URISyntaxException(raw, "needs a scheme and a host");
      }
      return u;
    } catch (java.net.URISyntaxException e) {
      throw new BackendException(Failure.BACKEND_NOT_CONFIGURED, type + " backend: " + key + " (" + source(key)
          + ") is not a URL such as https://host:port");
    }
  }

  /** A file setting, resolved against the working directory. */
  public Optional<Path> path(String key) {
    return get(key).map(p -> workingDirectory.resolve(p));
  }

  /** A variable of the process environment captured at start. */
  public Optional<String> environment(String name) {
    String v = environment.get(name);
    return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
  }

  @Override
  public String toString() {
    return "BackendSettings[" + type + ", keys " + new java.util.TreeSet<>(values.keySet()) + "]";
  }
}
