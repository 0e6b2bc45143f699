package dev.faramesh.cli;

import dev.faramesh.audit.PrincipalDigests;
import dev.faramesh.identity.IdentityContext;
import dev.faramesh.identity.IdentityException;
import dev.faramesh.identity.IdentityProvider;
import dev.faramesh.identity.IdentityProviders;
import dev.faramesh.identity.IdentitySelection;
import dev.faramesh.policy.AgentPolicy;
import dev.faramesh.policy.FederatedDomain;
import dev.faramesh.policy.Policy;
import dev.faramesh.policy.PolicyException;
import dev.faramesh.policy.Principal;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code faramesh identity show}: selects the identity block as the agent does (the
 * {@code --identity} option or {@code FARAMESH_IDENTITY}, then {@code runtime { identity }}, then the
 * agent block's {@code identity}, else the dev identity), attests with it once, here and now, and
 * prints the principal and where its evidence came from. Claim names and the claim-set hash are
 * shown, never claim values or the token. Exit 0 when attested, 1 when not (the reason code says
 * why), 2 on a usage error.
 */
@Command(name = "show", description = "Attest once as the agent would, and print the identity and why.")
final class IdentityShowCommand implements Callable<Integer> {

  @Option(names = "--policy", paramLabel = "FILE", description = "The policy (default: governance.fms).")
  Path policyFile;

  @Option(names = "--agent", paramLabel = "ID", description = "The agent label (default: FARAMESH_AGENT, else the "
      + "policy's only agent).")
  String agent;

  @Option(names = "--identity", paramLabel = "NAME", description = "The identity block (default: FARAMESH_IDENTITY, "
      + "else runtime { identity }, else the agent block's identity).")
  String identity;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  /** The environment the identity is read from; tests replace it. */
  Map<String, String> environment = System.getenv();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path file = policyFile != null ? policyFile : Path.of(env("FARAMESH_POLICY", "governance.fms"));
    Policy policy;
    try {
      policy = Policy.load(file);
    } catch (PolicyException e) {
      err.println(e.getMessage());
      return 2;
    }
    String agentId = agent != null ? agent : env("FARAMESH_AGENT", null);
    if (agentId == null) {
      if (policy.agents().size() > 1) {
        err.println("faramesh: " + policy.file() + " declares agents " + new TreeSet<>(policy.agents().keySet())
            + "; say which one with --agent ID");
        return 2;
      }
      agentId = policy.agents().isEmpty() ? "default" : policy.agents().keySet().iterator().next();
    }
    String configured = identity != null ? identity : env("FARAMESH_IDENTITY", null);
    String configuredBy = identity != null ? "--identity" : "environment variable FARAMESH_IDENTITY";
    out.println("agent:     " + agentId);
    IdentitySelection selection;
    try {
      selection = IdentitySelection.select(policy, agentId, configured, configuredBy, true);
    } catch (IdentityException e) {
      err.println("faramesh: " + e.getMessage());
      return 2;
    }
    out.println("identity:  " + selection.why());
    IdentityProviders providers = IdentityProviders.load(IdentityShowCommand.class.getClassLoader());
    IdentityProvider provider = providers.forType(selection.type());
    if (provider == null) {
      err.println("faramesh: this build cannot attest with type " + selection.type() + "; available: "
          + providers.types());
      return 2;
    }
    try (provider) {
      Clock clock = Clock.systemUTC();
      provider.configure(new IdentityContext(selection.block(), policy.runtime(), environment,
          Path.of("").toAbsolutePath(), policy.federations(), clock));
      out.println("evidence:  " + provider.explain());
      for (FederatedDomain f : policy.federations()) {
        out.println("federates: " + f.trustDomain() + (f.bundleUrl() == null ? "" : " (bundle " + f.bundleUrl() + ")"));
      }
      Principal p = provider.attest(agentId);
      out.println("attested:  " + p.id() + (p.dev() ? " (dev identity: not attested, DPRs tagged dev; mode=enforce "
          + "refuses it)" : ""));
      out.println("method:    " + p.method() + (p.verified() ? ", verified" : ", not verified"));
      out.println("svid:      " + p.svid());
      out.println("expires:   " + (p.expiry() == null ? "never" : p.expiry() + " (in "
          + java.time.Duration.between(clock.instant(), p.expiry()).toSeconds() + " s)"));
      out.println("claims:    " + (p.claims().isEmpty() ? "none" : new TreeSet<>(p.claims().keySet())
          + " (values not shown; principal_claims_hash " + PrincipalDigests.claimsHash(p.claims()) + ")"));
      AgentPolicy block = policy.agent(agentId);
      if (block != null && !block.spawnAllow().isEmpty()) {
        out.println("spawns:    " + block.spawnAllow());
      }
      if (block != null && !block.delegateTo().isEmpty()) {
        out.println("delegates: " + block.delegateTo() + (block.delegateInherits().isEmpty() ? ""
            : " inheriting " + block.delegateInherits()));
      }
      return 0;
    } catch (IdentityException e) {
      out.println("attested:  no: " + e.reasonCode() + ": " + e.getMessage());
      out.println(e.misconfigured() ? "           the agent refuses to start with this configuration"
          : "           the agent would start and deny every action with " + e.reasonCode() + " until this changes");
      return 1;
    }
  }

  private String env(String name, String fallback) {
    String v = environment.get(name);
    return v == null || v.isBlank() ? fallback : v;
  }
}
