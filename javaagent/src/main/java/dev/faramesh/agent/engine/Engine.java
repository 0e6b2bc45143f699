package dev.faramesh.agent.engine;

import dev.faramesh.agent.config.AgentConfig;
import dev.faramesh.agent.decision.DecisionPoint;
import dev.faramesh.agent.decision.DecisionRecorder;
import dev.faramesh.agent.dispatch.AgentDispatcher;
import dev.faramesh.agent.identity.AgentIdentity;
import dev.faramesh.agent.identity.LogicalAgents;
import dev.faramesh.agent.identity.delegation.IncomingDelegation;
import dev.faramesh.agent.identity.delegation.RemoteBudget;
import dev.faramesh.identity.delegation.DelegationToken;
import dev.faramesh.agent.env.EnvironmentView;
import dev.faramesh.agent.http.HttpGate;
import dev.faramesh.agent.http.HttpLibrary;
import dev.faramesh.agent.http.apache.ApacheHttpClientHandler;
import dev.faramesh.agent.http.apacheasync.ApacheAsyncClientHandler;
import dev.faramesh.agent.http.okhttp.OkHttpHandler;
import dev.faramesh.agent.http.jdk.JdkHttpClientHandler;
import dev.faramesh.agent.http.urlconnection.UrlConnectionHandler;
import dev.faramesh.agent.process.ProcessGate;
import dev.faramesh.agent.tool.ToolRouter;
import dev.faramesh.agent.tool.langchain4j.LangChain4jTools;
import dev.faramesh.agent.tool.mcp.McpTools;
import dev.faramesh.agent.tool.springai.SpringAiTools;
import dev.faramesh.broker.BackendContext;
import dev.faramesh.broker.BackendRegistry;
import dev.faramesh.broker.Broker;
import dev.faramesh.broker.launcher.LauncherIssuer;
import dev.faramesh.broker.registry.CredentialRegistry;
import dev.faramesh.broker.registry.RegistryException;
import dev.faramesh.broker.registry.RegistryRotations;
import dev.faramesh.identity.IdentityProvider;
import dev.faramesh.policy.CredentialBinding;
import dev.faramesh.policy.Policy;
import dev.faramesh.policy.PolicyEngine;
import dev.faramesh.policy.Principal;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
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
  private LogicalAgents agents;

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
    AgentIdentity identity = AgentIdentity.start(config, policy, agentId, environment, loader, clock, warnings);
    IdentityProvider provider = identity.provider();
    String type = identity.type();
    DecisionRecorder recorder = recorders.open(!provider.attests());
    Principal principal = identity.startPrincipal();
    BackendRegistry backends = BackendRegistry.load(loader, BackendContext.builder().environment(environment)
        .providers(policy.providers()).registry(registry.backendSettings()).workingDirectory(config.workingDirectory())
        .build());
    for (CredentialBinding b : policy.credentials()) {
      if (!backends.supports(b.backend()) && config.launcherDirectory() == null) {
        warnings.add("credential \"" + b.name() + "\" uses backend " + b.backend() + ", which this build does not "
            + "provide: requests needing it keep their placeholder");
      }
    }
    Broker broker = config.launcherDirectory() != null ? launcherBroker(config, policy, agentId, clock)
        : Broker.builder().bindings(policy.credentials()).backends(backends).environment(environment)
            .random(new SecureRandom()).clock(clock).rotations(new RegistryRotations(registry.file())).build();
    PolicyEngine engine = new PolicyEngine(policy, config.mode(), clock);
    LogicalAgents agents = new LogicalAgents(identity, policy, identity.providers(), environment,
        config.workingDirectory(), clock);
    DecisionPoint decisions = new DecisionPoint(engine, agents, recorder, clock);
    agents.recordTo(decisions);
    IncomingDelegation incoming = IncomingDelegation.read(environment, agentId, provider, clock);
    agents.delegatedBy(incoming);
    RemoteBudget remoteBudget = environment.get(DelegationToken.VARIABLE) == null ? null
        : RemoteBudget.from(environment, agentId);
    if (remoteBudget != null) {
      incoming.inheritFrom(remoteBudget.supervisor(),
          supervisorId -> engine.inheritThrough(remoteBudget.supervisor(), supervisorId, remoteBudget));
    }
    if (incoming.failure() != null) {
      warnings.add(incoming.describe(agentId));
    }
    EnvironmentView env = new EnvironmentView(broker, policy.runtime().stripEnv());
    HttpGate http = new HttpGate(decisions, broker);
    UrlConnectionHandler urlConnections = new UrlConnectionHandler(http);
    ToolRouter tools = new ToolRouter(decisions, broker)
        .register("langchain4j.execute", LangChain4jTools.execute())
        .register("langchain4j.executeWithContext", LangChain4jTools.executeWithContext())
        .register("springai.call", new SpringAiTools())
        .register("mcp.callTool", new McpTools());
    Map<String, HttpLibrary> libraries = Map.of("okhttp", new OkHttpHandler(http),
        "apache4", ApacheHttpClientHandler.version4(http), "apache5", ApacheHttpClientHandler.version5(http),
        "apache5async", new ApacheAsyncClientHandler(http),
        "apache4async", new dev.faramesh.agent.http.apacheasync4.ApacheAsync4ClientHandler(http));
    AgentDispatcher dispatcher = new AgentDispatcher(env, new ProcessGate(decisions, env, agents),
        new JdkHttpClientHandler(http, agents), urlConnections, tools, libraries);
    Engine assembled = new Engine(dispatcher, decisions, broker, recorder, principal, type, warnings);
    assembled.agents = agents;
    return assembled;
  }

  /**
   * Started by {@code faramesh run}: the process holds no credential values (its environment has
   * the launcher's placeholders), so the broker uses the launcher's placeholders and asks the
   * launcher's broker, over its private socket, for a value each time a permitted call needs one.
   */
  private static Broker launcherBroker(AgentConfig config, Policy policy, String agentId, Clock clock)
      throws StartupException {
    try {
      LauncherIssuer issuer = LauncherIssuer.connect(config.launcherDirectory(), agentId, policy.version(),
          Duration.ofSeconds(30));
      return Broker.delegating(policy.credentials(), issuer.placeholders(), issuer, clock);
    } catch (IOException e) {
      throw new StartupException("the faramesh run launcher (" + config.source("launcher") + ") cannot broker "
          + "credentials for this JVM: " + e.getMessage(), e);
    }
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

  /** The logical agents of the process, for {@code Faramesh.agent(...)}. */
  public LogicalAgents agents() {
    return agents;
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
