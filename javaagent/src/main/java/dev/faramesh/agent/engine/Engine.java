package dev.faramesh.agent.engine;

import dev.faramesh.agent.config.AgentConfig;
import dev.faramesh.agent.decision.DecisionPoint;
import dev.faramesh.agent.decision.DecisionRecorder;
import dev.faramesh.agent.decision.PrincipalSource;
import dev.faramesh.agent.dispatch.AgentDispatcher;
import dev.faramesh.agent.env.EnvironmentView;
import dev.faramesh.agent.http.HttpGate;
import dev.faramesh.agent.http.jdk.JdkHttpClientHandler;
import dev.faramesh.agent.http.urlconnection.UrlConnectionHandler;
import dev.faramesh.agent.process.ProcessGate;
import dev.faramesh.broker.BackendContext;
import dev.faramesh.broker.BackendRegistry;
import dev.faramesh.broker.Broker;
import dev.faramesh.broker.registry.CredentialRegistry;
import dev.faramesh.broker.registry.RegistryException;
import dev.faramesh.broker.registry.RegistryRotations;
import dev.faramesh.identity.IdentityContext;
import dev.faramesh.identity.IdentityException;
import dev.faramesh.identity.IdentityProvider;
import dev.faramesh.identity.IdentityProviders;
import dev.faramesh.policy.AgentPolicy;
import dev.faramesh.policy.CredentialBinding;
import dev.faramesh.policy.IdentityConfig;
import dev.faramesh.policy.Mode;
import dev.faramesh.policy.Policy;
import dev.faramesh.policy.PolicyEngine;
import dev.faramesh.policy.Principal;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Assembles the running agent from a loaded policy: picks the agent label and the identity
 * provider (refusing an explicit {@code mode = enforce} without a real one), attests the
 * principal, starts the broker with the environment captured at premain, and wires decision,
 * recording and the per-target handlers into the bridge's dispatcher.
 */
public final class Engine {

  private final AgentDispatcher dispatcher;
  private final DecisionPoint decisions;
  private final Broker broker;
  private final DecisionRecorder recorder;
  private final Principal principal;
  private final String identityType;
  private final List<String> warnings;

  private Engine(AgentDispatcher dispatcher, DecisionPoint decisions, Broker broker, DecisionRecorder recorder,
      Principal principal, String identityType, List<String> warnings) {
    this.dispatcher = dispatcher;
    this.decisions = decisions;
    this.broker = broker;
    this.recorder = recorder;
    this.principal = principal;
    this.identityType = identityType;
    this.warnings = warnings;
  }

  /** Opens the decision recorder once it is known whether the agent runs as the dev identity. */
  public interface RecorderFactory {
    DecisionRecorder open(boolean devIdentity) throws StartupException;
  }

  public static Engine assemble(AgentConfig config, Policy policy, Map<String, String> environment,
      RecorderFactory recorders, ClassLoader loader, Clock clock) throws StartupException {
    return assemble(config, policy, environment, recorders, loader, clock, credentialRegistry(config, environment));
  }

  /**
   * The credential registry ({@code faramesh credential register}): {@code FARAMESH_CREDENTIAL_REGISTRY},
   * else {@code .faramesh/credentials.json} in the working directory; missing is empty, unreadable stops the start.
   */
  public static CredentialRegistry credentialRegistry(AgentConfig config, Map<String, String> environment)
      throws StartupException {
    try {
      return CredentialRegistry.read(CredentialRegistry.locate(environment, config.workingDirectory()));
    } catch (RegistryException e) {
      throw new StartupException(e.getMessage(), e);
    }
  }

  /** Assembles the engine; the broker's backends are configured from the policy's provider blocks and {@code registry}. */
  public static Engine assemble(AgentConfig config, Policy policy, Map<String, String> environment,
      RecorderFactory recorders, ClassLoader loader, Clock clock, CredentialRegistry registry) throws StartupException {
    List<String> warnings = new ArrayList<>();
    String agentId = agentId(config, policy);
    IdentityConfig identityBlock = identityBlock(config, policy, agentId);
    String type = identityBlock == null ? "dev" : identityBlock.type();
    IdentityProviders providers = IdentityProviders.load(loader);
    IdentityProvider provider = providers.forType(type);
    if (provider == null) {
      throw new StartupException("identity \"" + identityBlock.name() + "\" (" + identityBlock.ref() + ") has type "
          + type + ", which this build of faramesh.jar cannot attest with; available: " + providers.types());
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
      provider.configure(new IdentityContext(identityBlock, policy.runtime(), environment, config.workingDirectory()));
    } catch (IdentityException e) {
      throw new StartupException("identity provider " + type + " could not be configured: " + e.getMessage(), e);
    }
    DecisionRecorder recorder = recorders.open(!provider.attests());
    PrincipalSource principals = new PrincipalSource(provider, agentId, clock);
    Principal principal;
    try {
      principal = principals.attest();
    } catch (IdentityException e) {
      throw new StartupException("identity provider " + type + " could not attest agent " + agentId + ": "
          + e.getMessage(), e);
    }
    BackendRegistry backends = BackendRegistry.load(loader, BackendContext.builder().environment(environment)
        .providers(policy.providers()).registry(registry.backendSettings()).workingDirectory(config.workingDirectory())
        .build());
    for (CredentialBinding b : policy.credentials()) {
      if (!backends.supports(b.backend())) {
        warnings.add("credential \"" + b.name() + "\" uses backend " + b.backend() + ", which this build does not "
            + "provide: requests needing it keep their placeholder");
      }
    }
    Broker broker = Broker.builder().bindings(policy.credentials()).backends(backends).environment(environment)
        .random(new SecureRandom()).clock(clock).rotations(new RegistryRotations(registry.file())).build();
    PolicyEngine engine = new PolicyEngine(policy, config.mode(), clock);
    DecisionPoint decisions = new DecisionPoint(engine, principals, recorder, clock);
    EnvironmentView env = new EnvironmentView(broker, policy.runtime().stripEnv());
    HttpGate http = new HttpGate(decisions, broker);
    UrlConnectionHandler urlConnections = new UrlConnectionHandler(http);
    AgentDispatcher dispatcher = new AgentDispatcher(env, new ProcessGate(decisions, env),
        new JdkHttpClientHandler(http), urlConnections);
    return new Engine(dispatcher, decisions, broker, recorder, principal, type, warnings);
  }

  /** The configured label; else the policy's only agent; else {@code default} for a policy of flat rules. */
  private static String agentId(AgentConfig config, Policy policy) throws StartupException {
    if (config.agentId() != null) {
      return config.agentId();
    }
    if (policy.agents().size() == 1) {
      return policy.agents().keySet().iterator().next();
    }
    if (policy.agents().isEmpty()) {
      return "default";
    }
    throw new StartupException(policy.file() + " declares agents " + new java.util.TreeSet<>(policy.agents().keySet())
        + "; say which one this JVM runs with agent=ID (or -Dfaramesh.agent / FARAMESH_AGENT)");
  }

  /** The identity block in use: configured, else the runtime's, else the agent block's, else none (dev). */
  private static IdentityConfig identityBlock(AgentConfig config, Policy policy, String agentId)
      throws StartupException {
    String name = config.identity();
    String from = config.source("identity");
    if (name == null) {
      name = policy.runtime().identity();
      from = policy.file() + " runtime { identity }";
    }
    AgentPolicy agent = policy.agent(agentId);
    if (name == null && agent != null) {
      name = agent.identity();
      from = policy.file() + " agent " + agentId;
    }
    if (name == null) {
      return null;
    }
    IdentityConfig block = policy.identity(name);
    if (block == null) {
      throw new StartupException(from + " names identity \"" + name + "\", which " + policy.file() + " does not declare");
    }
    return block;
  }

  public AgentDispatcher dispatcher() {
    return dispatcher;
  }

  public DecisionPoint decisions() {
    return decisions;
  }

  public Broker broker() {
    return broker;
  }

  public DecisionRecorder recorder() {
    return recorder;
  }

  public Principal principal() {
    return principal;
  }

  public String identityType() {
    return identityType;
  }

  public List<String> warnings() {
    return warnings;
  }

  /** The WAL directory: configured, else the policy's {@code runtime { wal_dir }}, else the default. */
  public static Path walDirectory(AgentConfig config, Policy policy) {
    if (config.walDirectory() != null) {
      return config.walDirectory();
    }
    if (policy.runtime().walDir() != null) {
      return config.resolvePath(policy.runtime().walDir());
    }
    return config.resolvePath(AgentConfig.DEFAULT_WAL);
  }
}
