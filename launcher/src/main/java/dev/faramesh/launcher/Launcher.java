package dev.faramesh.launcher;

import dev.faramesh.audit.AuditWriteException;
import dev.faramesh.broker.BackendContext;
import dev.faramesh.broker.BackendRegistry;
import dev.faramesh.broker.Broker;
import dev.faramesh.broker.launcher.EndpointProtocol;
import dev.faramesh.launcher.decision.RunDecisions;
import dev.faramesh.launcher.decision.RunRecorder;
import dev.faramesh.launcher.endpoint.BrokerEndpoint;
import dev.faramesh.launcher.endpoint.PermittedIssuer;
import dev.faramesh.launcher.env.ChildEnvironment;
import dev.faramesh.launcher.env.OwnEnvironment;
import dev.faramesh.launcher.jvm.JvmCommand;
import dev.faramesh.launcher.proxy.InjectingProxy;
import dev.faramesh.launcher.proxy.RunAuthority;
import dev.faramesh.launcher.proxy.UpstreamTrust;
import dev.faramesh.launcher.supervise.Supervisor;
import dev.faramesh.policy.CredentialBinding;
import dev.faramesh.policy.Policy;
import dev.faramesh.policy.PolicyEngine;
import dev.faramesh.policy.PolicyException;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * {@code faramesh run} and {@code faramesh dev}: loads and checks the policy, attests the identity,
 * keeps the ambient credentials in a broker in this process and starts the command without them
 * ({@link ChildEnvironment}). Every child gets the run's credential-injecting proxy
 * ({@link InjectingProxy}) through the usual proxy and CA variables; a JVM child also gets the
 * agent on its command line ({@link JvmCommand}) and a private socket to this broker
 * ({@link BrokerEndpoint}). The launcher then supervises the child ({@link Supervisor}) and, when
 * it ends, stops the proxy and the socket, closes its WAL and deletes the run directory, and
 * returns the child's exit status.
 *
 * <p>Two WALs, one writer each: the launcher appends its DPRs (one per proxied request, one per
 * credential issued to the agent) to the run's WAL directory, and the in-JVM agent to
 * {@code <wal>/jvm}. {@code faramesh audit verify} checks each.
 */
public final class Launcher {

  /** The in-JVM agent's WAL, inside the run's WAL directory. */
  public static final String JVM_WAL = "jvm";

  private final LaunchOptions options;
  private final PrintWriter err;
  private final Clock clock;
  private final List<AutoCloseable> resources = new ArrayList<>();
  private volatile Supervisor.Child child;
  /** Start-up phases, printed with {@code -Dfaramesh.debug.startup=true}. */
  private final StringBuilder phases = new StringBuilder();
  private final long started = System.nanoTime();

  private Launcher(LaunchOptions options, PrintWriter err, Clock clock) {
    this.options = options;
    this.err = err;
    this.clock = clock;
  }

  /** Runs the command and returns the status the launcher exits with. */
  public static int run(LaunchOptions options, PrintWriter err) {
    Launcher l = new Launcher(options, err, Clock.systemUTC());
    Thread cleanup = new Thread(l::cleanUp, "faramesh-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
    try {
      return l.launch();
    } catch (LaunchException e) {
      err.println("faramesh: " + e.getMessage());
      err.println("faramesh: the command was not started.");
      return e.status();
    } finally {
      l.cleanUp();
      try {
        Runtime.getRuntime().removeShutdownHook(cleanup);
      } catch (IllegalStateException shuttingDown) {
        // the hook runs anyway
      }
    }
  }

  private int launch() throws LaunchException {
    Path cwd = options.workingDirectory();
    Map<String, String> env = options.environment();
    // The proxy's event loops, the run's CA and the TLS context for real servers do not depend on
    // the policy: they are made on other threads while this one loads the policy and the identity.
    CompletableFuture<InjectingProxy> binding = background("proxy", () -> InjectingProxy.bind(0));
    CompletableFuture<RunAuthority> authority = background("ca", () -> RunAuthority.create(runLabel(), clock));
    CompletableFuture<SslContext> upstream = background("trust",
        () -> UpstreamTrust.clientContext(ChildTrust.userFiles(env)));
    // closed at the end whether or not it was ever waited for
    resources.add(() -> binding.thenAccept(InjectingProxy::close));
    Policy policy;
    try {
      policy = Policy.load(cwd.resolve(options.policy()).normalize());
    } catch (PolicyException e) {
      throw new LaunchException("invalid policy:\n" + e.getMessage());
    }
    mark("policy");
    String agentId = agentId(policy);
    ClassLoader loader = Launcher.class.getClassLoader();
    LaunchIdentity identity = LaunchIdentity.attest(policy, agentId, options.mode(), options.devIdentity(), cwd, env,
        loader, clock);
    mark("identity");
    Path wal = walDirectory(policy, cwd);
    RunRecorder recorder;
    try {
      recorder = RunRecorder.open(wal, identity.dev());
    } catch (AuditWriteException e) {
      throw new LaunchException("cannot open the audit WAL in " + wal + ": " + e.getMessage());
    }
    BackendRegistry backends = BackendRegistry.load(loader, new BackendContext(env, Map.of()));
    Broker broker = Broker.start(policy.credentials(), backends, env, new SecureRandom(), clock);
    RunDecisions decisions = new RunDecisions(new PolicyEngine(policy, options.mode(), clock), identity.principals(),
        recorder, clock);
    resources.add(broker);
    resources.add(decisions);
    for (CredentialBinding b : policy.credentials()) {
      if (!backends.supports(b.backend())) {
        err.println("faramesh: warning: credential \"" + b.name() + "\" uses backend " + b.backend()
            + ", which this build does not provide: requests needing it keep their placeholder");
      }
    }
    mark("wal+broker");
    RunDirectory run = runDirectory(env);
    resources.add(run);
    RunAuthority ca = await(authority, "cannot make the run's certificate authority");
    ChildTrust trust;
    try {
      trust = ChildTrust.write(run, ca.certificatePem(), env);
    } catch (IOException e) {
      throw new LaunchException("cannot write the run's CA files: " + e.getMessage(), LaunchException.INTERNAL, e);
    }
    InjectingProxy proxy = await(binding, "cannot start the credential proxy");
    proxy.serve(decisions, broker, ca, upstream);
    mark("proxy");
    List<String> command = options.command();
    JvmCommand jvm = JvmCommand.detect(command, env.get("PATH"), cwd);
    if (jvm != null) {
      command = withAgent(jvm, command, policy, agentId, wal, run, broker, decisions);
    }
    ChildEnvironment childEnv = ChildEnvironment.build(env, broker, policy.runtime().stripEnv(),
        settings(proxy, trust));
    clearOwnEnvironment(childEnv);
    mark("environment");
    if (!options.quiet()) {
      summary(identity, policy, childEnv, proxy, wal, jvm);
    }
    if (Boolean.getBoolean("faramesh.debug.startup")) {
      err.println("faramesh: launcher start-up" + phases);
    }
    try {
      child = Supervisor.start(command, childEnv.variables(), cwd, options.forwardSignals(), err);
    } catch (Supervisor.StartFailure e) {
      err.println("faramesh: " + e.getMessage());
      return e.status();
    }
    return child.await();
  }

  /**
   * The launcher's own {@code /proc/<pid>/environ} is readable by its child (same user): the values
   * the child does not get are overwritten there too, before the child starts. They stay in the
   * broker. If the kernel refuses, the run goes on with a warning that says what remains exposed.
   */
  private void clearOwnEnvironment(ChildEnvironment childEnv) {
    java.util.Set<String> names = new java.util.LinkedHashSet<>(childEnv.brokered());
    names.addAll(childEnv.stripped());
    names.addAll(childEnv.concealedIn());
    // only variables of this process's own environment (LaunchOptions may carry another one)
    Map<String, String> given = options.environment();
    names.removeIf(n -> given.get(n) == null || !given.get(n).equals(System.getenv(n)));
    if (names.isEmpty()) {
      return;
    }
    try {
      OwnEnvironment.clear(names);
    } catch (IOException | RuntimeException e) {
      err.println("faramesh: warning: cannot clear " + names + " from the launcher's own environment ("
          + e.getMessage() + "): processes of this user can read them in /proc/" + ProcessHandle.current().pid()
          + "/environ while the command runs");
    }
  }

  /** Something that may fail, made on its own thread. */
  private interface Work<T> {
    T make() throws Exception;
  }

  private static <T> CompletableFuture<T> background(String name, Work<T> work) {
    CompletableFuture<T> f = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      try {
        f.complete(work.make());
      } catch (Throwable e) {
        f.completeExceptionally(e);
      }
    }, "faramesh-start-" + name);
    t.setDaemon(true);
    t.start();
    return f;
  }

  private static <T> T await(CompletableFuture<T> f, String failure) throws LaunchException {
    try {
      return f.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new LaunchException(failure + ": " + cause.getMessage(), LaunchException.INTERNAL, cause);
    }
  }

  private static String runLabel() {
    byte[] b = new byte[4];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private void mark(String phase) {
    phases.append(' ').append(phase).append('@').append((System.nanoTime() - started) / 1_000_000).append("ms");
  }

  private String agentId(Policy policy) throws LaunchException {
    if (options.agentId() != null) {
      return options.agentId();
    }
    if (policy.agents().size() == 1) {
      return policy.agents().keySet().iterator().next();
    }
    if (policy.agents().isEmpty()) {
      return "default";
    }
    throw new LaunchException(policy.file() + " declares agents " + new TreeSet<>(policy.agents().keySet())
        + "; say which one this command runs as with --agent ID");
  }

  private Path walDirectory(Policy policy, Path cwd) {
    if (options.wal() != null) {
      return cwd.resolve(options.wal()).normalize();
    }
    if (policy.runtime().walDir() != null) {
      return cwd.resolve(policy.runtime().walDir()).normalize();
    }
    return cwd.resolve(".faramesh/wal");
  }

  private RunDirectory runDirectory(Map<String, String> env) throws LaunchException {
    try {
      return RunDirectory.create(options.runBase(), env);
    } catch (IOException e) {
      throw new LaunchException("cannot create the run directory: " + e.getMessage(), LaunchException.INTERNAL, e);
    }
  }

  /** Adds the agent to a JVM command and opens the broker socket it will use. */
  private List<String> withAgent(JvmCommand jvm, List<String> command, Policy policy, String agentId, Path wal,
      RunDirectory run, Broker broker, RunDecisions decisions) throws LaunchException {
    if (!jvm.supported()) {
      throw new LaunchException(command.get(0) + " is " + jvm.java() + ", Java " + jvm.feature() + "; the agent "
          + "faramesh run adds to JVM commands needs Java 17 or later");
    }
    Path jar = agentJar();
    byte[] raw = new byte[32];
    new SecureRandom().nextBytes(raw);
    String secret = HexFormat.of().formatHex(raw);
    Map<String, String> placeholders = new LinkedHashMap<>();
    for (CredentialBinding b : broker.bindings()) {
      placeholders.put(b.name(), broker.placeholder(b.name()));
    }
    try {
      run.writePrivate(EndpointProtocol.SECRET_FILE, secret);
      BrokerEndpoint endpoint = BrokerEndpoint.start(run.resolve(EndpointProtocol.SOCKET_FILE), secret, agentId,
          policy.version(), placeholders, new PermittedIssuer(decisions, broker), Files.getOwner(run.path()), err);
      resources.add(0, endpoint);
    } catch (IOException e) {
      throw new LaunchException("cannot open the broker socket: " + e.getMessage(), LaunchException.INTERNAL, e);
    }
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("policy", Path.of(policy.file()).toAbsolutePath().toString());
    settings.put("agent", agentId);
    settings.put("wal", wal.resolve(JVM_WAL).toString());
    settings.put("launcher", run.path().toString());
    if (options.mode() != null) {
      settings.put("mode", options.mode().id());
    }
    if (options.devIdentity()) {
      settings.put("identity", "dev");
    }
    // agent arguments are comma-separated: a value with a comma goes in as a system property
    List<String> arguments = new ArrayList<>();
    List<String> properties = new ArrayList<>();
    settings.forEach((k, v) -> {
      if (v.indexOf(',') >= 0) {
        properties.add("-Dfaramesh." + ("wal".equals(k) ? "wal.dir" : k) + "=" + v);
      } else {
        arguments.add(k + "=" + v);
      }
    });
    List<String> out = new ArrayList<>(JvmCommand.withAgent(command, jar, String.join(",", arguments)));
    out.addAll(1, properties);
    return out;
  }

  /** {@code faramesh.jar}: the option, else the jar this code was loaded from. */
  private Path agentJar() throws LaunchException {
    Path jar = options.agentJar();
    if (jar == null) {
      try {
        Path self = Path.of(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (Files.isRegularFile(self) && self.getFileName().toString().endsWith(".jar")) {
          jar = self;
        }
      } catch (Exception e) {
        jar = null;
      }
    }
    if (jar == null || !Files.isRegularFile(jar)) {
      throw new LaunchException("this is a JVM command, but faramesh.jar was not found to add the agent; run "
          + "faramesh from faramesh.jar (java -jar faramesh.jar run ...) or pass --agent-jar");
    }
    return jar.toAbsolutePath();
  }

  private Map<String, String> settings(InjectingProxy proxy, ChildTrust trust) {
    Map<String, String> s = new LinkedHashMap<>();
    for (String v : List.of("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy")) {
      s.put(v, proxy.url());
    }
    // every other route around the proxy goes: a bypass would be an ungoverned path
    for (String v : List.of("ALL_PROXY", "all_proxy")) {
      s.put(v, null);
    }
    String noProxy = options.noProxy() == null || options.noProxy().isBlank() ? null : options.noProxy();
    s.put("NO_PROXY", noProxy);
    s.put("no_proxy", noProxy);
    // Node 22.21+/24.5+ honour the proxy variables with this; older Node needs an agent
    s.put("NODE_USE_ENV_PROXY", "1");
    s.putAll(trust.variables());
    return s;
  }

  private void summary(LaunchIdentity identity, Policy policy, ChildEnvironment childEnv, InjectingProxy proxy,
      Path wal, JvmCommand jvm) {
    StringBuilder sb = new StringBuilder("faramesh: running ").append(options.command().get(0)).append(" as ")
        .append(identity.principal().id());
    if (identity.dev()) {
      sb.append(" (dev identity, DPRs tagged dev)");
    }
    sb.append(", policy ").append(policy.file()).append(' ').append(policy.version());
    sb.append(", placeholders in ").append(childEnv.brokered().isEmpty() ? "none" : childEnv.brokered());
    sb.append(", stripped ").append(childEnv.stripped().isEmpty() ? "none" : childEnv.stripped());
    sb.append(", proxy ").append(proxy.url());
    sb.append(jvm != null ? ", agent added to " + jvm.java() + " (audit " + wal.resolve(JVM_WAL) + ")" : "");
    sb.append(", audit ").append(wal);
    err.println(sb);
  }

  /** Stops the socket and the proxy, closes the WAL and the broker, deletes the run directory. */
  private synchronized void cleanUp() {
    Supervisor.Child c = child;
    if (c != null && c.handle().isAlive()) {
      // the launcher is going away without its child having ended: the child must not outlive it
      c.kill();
    }
    for (AutoCloseable r : resources) {
      try {
        r.close();
      } catch (Exception | LinkageError e) {
        // best effort: the rest still has to go
      }
    }
    resources.clear();
  }
}
