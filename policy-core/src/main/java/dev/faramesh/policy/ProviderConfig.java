package dev.faramesh.policy;

import java.util.Map;

/**
 * A {@code provider} block: how a credential backend is reached (address, region, project, login
 * method ...). {@code type} is the backend name the {@code credential} blocks use ({@code vault},
 * {@code aws-sm}, {@code gcp-sm}, {@code azure-kv}, {@code 1password}, {@code infisical}, {@code env});
 * values may be {@link EnvReference}s, since secrets must not be written into the policy.
 */
public record ProviderConfig(String name, String type, Map<String, Object> settings, SourceRef ref) {

  public ProviderConfig {
    settings = Map.copyOf(settings);
  }
}
