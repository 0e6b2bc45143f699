package dev.faramesh.identity;

import dev.faramesh.policy.EnvReference;
import dev.faramesh.policy.IdentityConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The settings of one {@code identity} block, typed, with {@code env("VAR")} values resolved from
 * the environment captured at premain. Every accessor that can fail throws a
 * {@link IdentityException#misconfigured misconfiguration} naming the block and where it is written,
 * so a bad value stops the agent at start-up with a message that points at the policy.
 */
public final class IdentitySettings {

  private final IdentityContext context;
  private final IdentityConfig config;

  public IdentitySettings(IdentityContext context) {
    this.context = context;
    this.config = context.config();
  }

  public IdentityContext context() {
    return context;
  }

  /** {@code identity "name" (governance.fms:3:1)}, for messages. */
  public String where() {
    return config == null ? "the identity" : "identity \"" + config.name() + "\"" + (config.ref() == null ? ""
        : " (" + config.ref() + ")");
  }

  /** A string setting, {@code env("VAR")} resolved; {@code null} when unset or empty. */
  public String string(String key) {
    Object v = config == null ? null : config.settings().get(key);
    if (v instanceof EnvReference) {
      v = context.environment().get(((EnvReference) v).variable());
    }
    if (v == null) {
      return null;
    }
    String s = v.toString().trim();
    return s.isEmpty() ? null : s;
  }

  /** A string setting, else the environment variable {@code variable}, else {@code fallback}. */
  public String string(String key, String variable, String fallback) {
    String v = string(key);
    if (v == null && variable != null) {
      v = context.environment().get(variable);
      v = v == null || v.isBlank() ? null : v.trim();
    }
    return v == null ? fallback : v;
  }

  public String required(String key, String what) throws IdentityException {
    String v = string(key);
    if (v == null) {
      throw misconfigured("needs " + key + " = \"...\" (" + what + ")");
    }
    return v;
  }

  /** A list setting; a single string is a list of one. */
  public List<String> list(String key) {
    if (config == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (String s : config.list(key)) {
      if (!s.isBlank()) {
        out.add(s.trim());
      }
    }
    return out;
  }

  /** A duration written {@code 30s}, {@code 5m}, {@code 1h}, {@code 250ms} or as a number of seconds. */
  public Duration duration(String key, Duration fallback) throws IdentityException {
    String v = string(key);
    if (v == null) {
      return fallback;
    }
    String s = v.toLowerCase(Locale.ROOT);
    try {
      if (s.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2).trim()));
      }
      char unit = s.charAt(s.length() - 1);
      if (Character.isDigit(unit)) {
        return Duration.ofMillis(Math.round(Double.parseDouble(s) * 1000));
      }
      long n = Long.parseLong(s.substring(0, s.length() - 1).trim());
      switch (unit) {
        case 's': return Duration.ofSeconds(n);
        case 'm': return Duration.ofMinutes(n);
        case 'h': return Duration.ofHours(n);
        default: break;
      }
    } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
      // reported below
    }
    throw misconfigured(key + " = \"" + v + "\" is not a duration; write it like \"30s\", \"5m\" or \"250ms\"");
  }

  /** An {@code http(s)} URL setting, else {@code fallback} (which may be null). */
  public URI url(String key, String fallback) throws IdentityException {
    String v = string(key);
    if (v == null) {
      v = fallback;
    }
    return v == null ? null : checkedUrl(key, v);
  }

  /** Checks that {@code value} (of {@code key}) is an absolute http or https URL. */
  public URI checkedUrl(String key, String value) throws IdentityException {
    try {
      URI u = new URI(value);
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && u.getHost() != null) {
        return u;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw misconfigured(key + " = \"" + value + "\" is not an http(s) URL");
  }

  /** A path setting resolved against the working directory; {@code {agent}} is kept for the caller. */
  public Path path(String value) {
    Path p = Path.of(value);
    return p.isAbsolute() ? p : context.workingDirectory().resolve(p).normalize();
  }

  public IdentityException misconfigured(String problem) {
    return IdentityException.misconfigured(where() + " " + problem);
  }
}
