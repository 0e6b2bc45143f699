package dev.faramesh.agent.identity;

import dev.faramesh.agent.config.AgentConfig;
import dev.faramesh.agent.decision.PrincipalResolver;
import dev.faramesh.agent.decision.PrincipalSource;
import dev.faramesh.agent.engine.StartupException;
import dev.faramesh.identity.IdentityContext;
import dev.faramesh.identity.IdentityException;
import dev.faramesh.identity.IdentityProvider;
import dev.faramesh.identity.IdentityProviders;
import dev.faramesh.identity.IdentitySelection;
import dev.faramesh.policy.Mode;
import dev.faramesh.policy.Policy;
import dev.faramesh.policy.Principal;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The identity the agent decides for: the identity block chosen by {@link IdentitySelection}
 * (agent configuration, then {@code runtime { identity }}, then the agent block; none means the
 * dev identity), its provider configured from that block, and the {@link PrincipalSource} that
 * keeps the attested principal fresh. A configuration that cannot work stops the start; evidence
 * that does not verify at start-up (an expired SVID, a socket not there yet, an issuer down) does
 * not: the agent starts, says so on stderr, and every action is denied with the identity check's
 * reason code until an attestation succeeds.
 */
public final class AgentIdentity implements PrincipalResolver {

  private final IdentitySelection selection;
  private final IdentityProvider provider;
  private final PrincipalSource principals;
  private final Principal startPrincipal;
  private final IdentityProviders providers;

  private AgentIdentity(IdentitySelection selection, IdentityProvider provider, PrincipalSource principals,
      Principal startPrincipal, IdentityProviders providers) {
    this.providers = providers;
    this.selection = selection;
    this.provider = provider;
    this.principals = principals;
    this.startPrincipal = startPrincipal;
  }

  /** Selects, configures and first attests the identity of agent {@code agentId}. */
  public static AgentIdentity start(AgentConfig config, Policy policy, String agentId, Map<String, String> environment,
      ClassLoader loader, Clock clock, List<String> warnings) throws StartupException {
    IdentitySelection selection;
    try {
      selection = IdentitySelection.select(policy, agentId, config.identity(),
          config.identity() == null ? null : config.source("identity"), true);
    } catch (IdentityException e) {
      throw new StartupException(e.getMessage(), e);
    }
    String type = selection.type();
    IdentityProviders providers = IdentityProviders.load(loader);
    IdentityProvider provider = providers.forType(type);
    if (provider == null) {
      throw new StartupException("identity \"" + selection.block().name() + "\" (" + selection.block().ref()
          + ") has type " + type + ", which this build of faramesh.jar cannot attest with; available: "
          + providers.types());
    }
    Mode explicit = config.mode() != null ? config.mode() : policy.runtime().mode();
    if (explicit == Mode.ENFORCE && !provider.attests()) {
      String from = config.mode() != null ? config.source("mode") : policy.file() + " runtime { mode = \"enforce\" }";
      throw new StartupException("mode=enforce (" + from + ") needs a real identity provider, and this agent would "
          + "run as the unattested " + type + " identity. Declare an identity block with a real provider (type "
          + "spiffe, oidc, k8s-projected, aws-workload, gcp-workload or azure-workload) and select it with "
          + "runtime { identity = \"NAME\" } or identity=NAME; this build provides: " + providers.types()
          + ". For local development leave mode unset (decisions are enforced under the dev identity and every "
          + "DPR is tagged dev) or use mode=shadow.");
    }
    try {
      provider.configure(new IdentityContext(selection.block(), policy.runtime(), environment,
          config.workingDirectory(), policy.federations(), clock));
    } catch (IdentityException e) {
      throw new StartupException(describe(selection) + " is misconfigured: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new StartupException(describe(selection) + " could not be configured: " + e, e);
    }
    PrincipalSource principals = new PrincipalSource(provider, agentId, clock);
    Principal principal;
    try {
      principal = principals.attest();
    } catch (IdentityException e) {
      if (e.misconfigured()) {
        throw new StartupException(describe(selection) + " is misconfigured: " + e.getMessage(), e);
      }
      warnings.add(describe(selection) + " could not attest agent " + agentId + " (" + e.reasonCode() + "): "
          + e.getMessage() + "; every action is denied with " + e.reasonCode() + " until an attestation succeeds");
      principal = Principal.builder(agentId, "unattested").svid("").build();
    }
    return new AgentIdentity(selection, provider, principals, principal, providers);
  }

  private static String describe(IdentitySelection s) {
    return s.block() == null ? "the dev identity" : "identity \"" + s.block().name() + "\" (type " + s.type() + ", "
        + s.block().ref() + ")";
  }

  public IdentitySelection selection() {
    return selection;
  }

  /** The providers of this build, for the identity blocks of other logical agents. */
  public IdentityProviders providers() {
    return providers;
  }

  public IdentityProvider provider() {
    return provider;
  }

  public String type() {
    return selection.type();
  }

  public PrincipalSource principals() {
    return principals;
  }

  /** The principal attested at start-up, or an {@code unattested} placeholder when that failed. */
  public Principal startPrincipal() {
    return startPrincipal;
  }

  @Override
  public String currentAgentId() {
    return principals.agentId();
  }

  @Override
  public Principal currentPrincipal() throws IdentityException {
    return principals.principal();
  }
}
