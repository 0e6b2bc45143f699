package dev.faramesh.identity;

import dev.faramesh.policy.Policy;
import dev.faramesh.policy.PolicyException;
import dev.faramesh.policy.RuntimeSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * Builds a provider's context from the FPL text of a policy, the way the agent does, so every
 * provider test also exercises the identity block's schema.
 */
public final class Blocks {

  private Blocks() {}

  /** The context of identity block {@code name} of {@code fpl}. */
  public static IdentityContext context(String fpl, String name, Map<String, String> environment, Path cwd) {
    try {
      Policy p = Policy.parse("governance.fms", fpl);
      return new IdentityContext(p.identity(name), RuntimeSettings.EMPTY, environment, cwd, p.federations(),
          Clock.systemUTC());
    } catch (PolicyException e) {
      throw new AssertionError("policy should parse:\n" + e.getMessage(), e);
    }
  }

  /** A configured provider of the block's type from this build's registry. */
  public static IdentityProvider configured(String fpl, String name, Map<String, String> environment, Path cwd)
      throws IdentityException {
    IdentityContext c = context(fpl, name, environment, cwd);
    IdentityProvider p = IdentityProviders.load(Blocks.class.getClassLoader()).forType(c.config().type());
    p.configure(c);
    return p;
  }
}
