package dev.faramesh.launcher;

import dev.faramesh.identity.IdentityContext;
import dev.faramesh.identity.IdentityException;
import dev.faramesh.identity.IdentityProvider;
import dev.faramesh.identity.IdentityProviders;
import dev.faramesh.identity.IdentitySelection;
import dev.faramesh.launcher.decision.RunPrincipal;
import dev.faramesh.policy.IdentityConfig;
import dev.faramesh.policy.Mode;
import dev.faramesh.policy.Policy;
import dev.faramesh.policy.Principal;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * Who the run acts as. {@code faramesh dev} always uses the built-in dev identity; {@code faramesh
 * run} uses the identity block the policy selects ({@code runtime { identity }}, else the agent
 * block's), and the dev identity when none is selected. An explicit {@code enforce} mode (the
 * {@code --mode} option or {@code runtime { mode }}) is refused unless the provider really attests,
 * with a message that says what to configure. The principal is attested before the child starts.
 */
final class LaunchIdentity {

  private final RunPrincipal principals;
  private final Principal principal;
  private final boolean dev;

  private LaunchIdentity(RunPrincipal principals, Principal principal, boolean dev) {
    this.principals = principals;
    this.principal = principal;
    this.dev = dev;
  }

  static LaunchIdentity attest(Policy policy, String agentId, Mode mode, boolean devCommand, Path cwd,
      Map<String, String> environment, ClassLoader loader, Clock clock) throws LaunchException {
    IdentityConfig block = devCommand ? null : selected(policy, agentId);
    String type = block == null ? "dev" : block.type();
    IdentityProviders providers = IdentityProviders.load(loader);
    IdentityProvider provider = providers.forType(type);
    if (provider == null) {
      throw new LaunchException("identity \"" + block.name() + "\" (" + block.ref() + ") has type " + type
          + ", which this build of faramesh cannot attest with; available: " + providers.types());
    }
    Mode explicit = mode != null ? mode : policy.runtime().mode();
    if (explicit == Mode.ENFORCE && !provider.attests()) {
      String from = mode != null ? "--mode enforce" : policy.file() + " runtime { mode = \"enforce\" }";
      throw new LaunchException(from + " needs a real identity provider, and this run would act as the unattested "
          + type + " identity" + (devCommand ? " (faramesh dev always does)" : "") + ". Declare an identity block with "
          + "a real provider (type spiffe, oidc, k8s-projected, aws-workload, gcp-workload or azure-workload), select "
          + "it with runtime { identity = \"NAME\" } or the agent's identity = \"NAME\", and start the agent with "
          + "faramesh run; this build provides: " + providers.types() + ". For local development use faramesh dev "
          + "without --mode (decisions are enforced under the dev identity and every DPR is tagged dev) or --mode shadow.");
    }
    try {
      provider.configure(new IdentityContext(block, policy.runtime(), environment, cwd));
    } catch (IdentityException e) {
      throw new LaunchException("identity provider " + type + " could not be configured: " + e.getMessage());
    }
    RunPrincipal principals = new RunPrincipal(provider, agentId, clock);
    try {
      return new LaunchIdentity(principals, principals.attest(), !provider.attests());
    } catch (IdentityException e) {
      throw new LaunchException("identity provider " + type + " could not attest agent " + agentId + ": "
          + e.getMessage());
    }
  }

  /** The same selection the in-JVM agent and {@code faramesh identity show} make. */
  private static IdentityConfig selected(Policy policy, String agentId) throws LaunchException {
    try {
      return IdentitySelection.select(policy, agentId, null, null, true).block();
    } catch (IdentityException e) {
      throw new LaunchException(e.getMessage());
    }
  }

  RunPrincipal principals() {
    return principals;
  }

  Principal principal() {
    return principal;
  }

  /** Whether the run acts as the dev identity (its DPRs are tagged dev). */
  boolean dev() {
    return dev;
  }
}
