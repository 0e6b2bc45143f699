package dev.faramesh.identity;

import dev.faramesh.policy.FederatedDomain;
import dev.faramesh.policy.IdentityConfig;
import dev.faramesh.policy.RuntimeSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * What a provider is configured from: the policy's {@code identity} block for it ({@code null}
 * when none is declared, as for the default dev identity), the policy's runtime settings, the
 * process environment as captured at premain, the working directory, the peer trust domains the
 * policy federates with ({@code trust { spiffe_federated ... }}) and the clock expiry is judged by.
 */
public record IdentityContext(IdentityConfig config, RuntimeSettings runtime, Map<String, String> environment,
    Path workingDirectory, List<FederatedDomain> federations, Clock clock) {

  public IdentityContext {
    environment = Map.copyOf(environment);
    federations = federations == null ? List.of() : List.copyOf(federations);
    clock = clock == null ? Clock.systemUTC() : clock;
  }

  /** A context without federations, on the system clock. */
  public IdentityContext(IdentityConfig config, RuntimeSettings runtime, Map<String, String> environment,
      Path workingDirectory) {
    this(config, runtime, environment, workingDirectory, List.of(), Clock.systemUTC());
  }

  /** A setting of the identity block, or {@code null}. */
  public String setting(String key) {
    return config == null ? null : config.string(key);
  }
}
