package dev.faramesh.broker.env;

import dev.faramesh.broker.BackendContext;
import dev.faramesh.broker.BackendException;
import dev.faramesh.broker.CredentialBackend;
import dev.faramesh.broker.Secret;
import dev.faramesh.policy.CredentialBinding;
import java.util.Map;

/**
 * The {@code env} backend: credentials that arrive as environment variables of the process. The
 * values come from the environment captured at premain, before the agent hid them from the
 * application; the binding's {@code path} names the variable.
 */
public final class EnvBackend implements CredentialBackend {

  private volatile Map<String, String> environment = Map.of();

  @Override
  public String type() {
    return "env";
  }

  @Override
  public void configure(BackendContext context) {
    environment = context.environment();
  }

  @Override
  public Secret fetch(CredentialBinding binding) throws BackendException {
    String value = environment.get(binding.path());
    if (value == null || value.isEmpty()) {
      throw new BackendException("environment variable " + binding.path() + " was not set when the agent started");
    }
    return new Secret(value);
  }
}
