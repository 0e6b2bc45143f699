package dev.faramesh.identity;

import dev.faramesh.policy.IdentityConfig;
import dev.faramesh.policy.RuntimeSettings;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a provider is configured from: the policy's {@code identity} block for it ({@code null}
 * when none is declared, as for the default dev identity), the policy's runtime settings, the
 * process environment as captured at premain, and the working directory.
 */
public record IdentityContext(IdentityConfig config, RuntimeSettings runtime, Map<String, String> environment,
    Path workingDirectory) {

  public IdentityContext {
    environment = Map.copyOf(environment);
  }

  /** A setting of the identity block, or {@code null}. */
  public String setting(String key) {
    return config == null ? null : config.string(key);
  }
}
