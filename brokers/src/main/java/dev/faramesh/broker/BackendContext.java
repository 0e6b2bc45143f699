package dev.faramesh.broker;

import java.util.Map;

/**
 * What a backend is configured from: the process environment as captured at premain (before the
 * agent hid brokered variables from the application) and the settings of the policy's
 * {@code provider} block for this backend type, if any (values may be
 * {@link dev.faramesh.policy.EnvReference}s, resolved against {@link #environment()}).
 */
public record BackendContext(Map<String, String> environment, Map<String, Object> settings) {

  public BackendContext {
    environment = Map.copyOf(environment);
    settings = Map.copyOf(settings);
  }
}
