package dev.faramesh.agent.engine;

import dev.faramesh.agent.audit.OpeningRecorder;
import dev.faramesh.agent.config.AgentConfig;
import dev.faramesh.agent.config.ConfigException;
import dev.faramesh.agent.install.HookInstaller;
import dev.faramesh.agent.install.InstallException;
import dev.faramesh.agent.install.PluginJars;
import dev.faramesh.agent.tool.plugin.PluginTools;
import dev.faramesh.bootstrap.Faramesh;
import dev.faramesh.broker.registry.CredentialRegistry;
import dev.faramesh.interceptors.InterceptorPlugin;
import dev.faramesh.policy.Policy;
import dev.faramesh.policy.PolicyException;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.jar.JarFile;

/**
 * The engine's entry point, called by {@code FarameshPremain} inside the isolated loader. It
 * captures the process environment before anything can hide it, resolves the configuration,
 * prepares the policy, identity and broker on a second thread while this one weaves the hooks (the
 * audit WAL opens on a third and is awaited by the first decision), and installs the resulting
 * {@link Engine}'s dispatcher into the bridge. If any of that fails the JVM exits with a message on
 * stderr that names the file, line and problem, and the application never runs.
 */
public final class AgentStarter {

  static final int EXIT_CONFIG = 78;
  static final int EXIT_INTERNAL = 70;

  private AgentStarter() {}

  public static void start(String args, Instrumentation inst, Path jar) {
    Timeline timeline = new Timeline(Boolean.getBoolean("faramesh.debug.startup"));
    Map<String, String> environment = System.getenv();
    Path cwd = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    ClassLoader own = AgentStarter.class.getClassLoader();
    try {
      AgentConfig config = AgentConfig.resolve(args, System.getProperties(), environment, cwd);
      // The policy, identity, broker and audit log are prepared on a second thread while this one
      // weaves the hooks: on two cores the start-up costs the longer of the two, not their sum.
      FutureTask<Prepared> preparation = new FutureTask<>(() -> prepare(config, environment, own, timeline));
      Thread worker = new Thread(preparation, "faramesh-start");
      worker.setDaemon(true);
      worker.start();
      List<InterceptorPlugin> thirdParty = PluginJars.load(config.pluginDirectory(), own);
      List<InterceptorPlugin> plugins = new ArrayList<>(HookInstaller.plugins(own));
      plugins.addAll(thirdParty);
      List<InterceptorPlugin> onDemand = plugins.stream().filter(InterceptorPlugin::onDemand).toList();
      plugins.removeAll(onDemand);
      Path weaveCache = weaveCache(jar);
      HookInstaller.Installation hooks = HookInstaller.install(inst, own, plugins, weaveCache);
      timeline.mark("hooks");
      Prepared prepared = awaitPrepared(preparation);
      Engine engine = prepared.engine;
      if (!thirdParty.isEmpty()) {
        engine.dispatcher().tools().register("plugin", new PluginTools(thirdParty));
      }
      // the thread hand-off hooks go into the JDK's hottest classes: only once a worker exists
      engine.agents().beforeFirstSpawn(() -> HookInstaller.install(inst, own, onDemand, weaveCache));
      Object key = Faramesh.install(engine.dispatcher());
      Faramesh.installAgents(key, engine.agents());
      Runtime.getRuntime().addShutdownHook(new Thread(engine.recorder()::close, "faramesh-shutdown"));
      for (String w : engine.warnings()) {
        System.err.println("faramesh: warning: " + w);
      }
      System.err.println("faramesh: governing " + engine.principal().agentId() + " as " + engine.principal().id()
          + (engine.principal().dev() ? " (dev identity, DPRs tagged dev)" : "") + ", mode "
          + engine.decisions().mode().id() + ", policy " + prepared.policy.file() + " " + prepared.policy.version()
          + ", hooks " + hooks.plugins() + ", audit " + prepared.wal);
      timeline.mark("ready");
      timeline.print();
      Thread warmup = new Thread(new Warmup(hooks), "faramesh-warmup");
      warmup.setDaemon(true);
      warmup.start();
    } catch (ConfigException e) {
      exit(EXIT_CONFIG, "invalid configuration: " + e.getMessage());
    } catch (PolicyException e) {
      exit(EXIT_CONFIG, "invalid policy:\n" + e.getMessage());
    } catch (StartupException e) {
      exit(EXIT_CONFIG, e.getMessage());
    } catch (InstallException e) {
      exit(EXIT_INTERNAL, "the hooks could not be installed: " + e.getMessage());
    } catch (RuntimeException | LinkageError e) {
      exit(EXIT_INTERNAL, "internal error: " + e);
    }
  }

  /**
   * Where woven classes are kept between runs: {@code .faramesh/weave/<build id>} next to
   * {@code faramesh.jar}, as trustworthy as the jar itself; {@code -Dfaramesh.weave.cache=off}
   * disables it, any other value names the directory to use instead.
   */
  private static Path weaveCache(Path jar) {
    String configured = System.getProperty("faramesh.weave.cache");
    if ("off".equals(configured)) {
      return null;
    }
    String buildId;
    try (JarFile file = new JarFile(jar.toFile(), false)) {
      buildId = file.getManifest().getMainAttributes().getValue("Faramesh-Build-Id");
    } catch (IOException | RuntimeException e) {
      return null;
    }
    if (!isBuildId(buildId)) {
      return null;
    }
    Path base = configured != null ? Path.of(configured) : jar.toAbsolutePath().getParent().resolve(".faramesh");
    return base.resolve("weave").resolve(buildId.substring(0, 16));
  }

  /** 16 to 64 lowercase hex digits (checked without java.util.regex, whose set-up start-up would pay). */
  private static boolean isBuildId(String id) {
    if (id == null || id.length() < 16 || id.length() > 64) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
        return false;
      }
    }
    return true;
  }

  /** What the second thread prepares: everything but the hooks. */
  private record Prepared(Policy policy, Path wal, Engine engine) {}

  private static Prepared prepare(AgentConfig config, Map<String, String> environment, ClassLoader own,
      Timeline timeline) throws PolicyException, StartupException {
    CredentialRegistry registry = Engine.credentialRegistry(config, environment);
    Policy policy = Policy.load(config.policyFile(), registry.bindings());
    timeline.mark("policy");
    Path wal = writable(Engine.walDirectory(config, policy));
    // Opening the WAL scans every record it already holds; the application does not wait for
    // that, only its first decision does.
    Engine engine = Engine.assemble(config, policy, environment, dev -> OpeningRecorder.start(wal, dev), own,
        Clock.systemUTC(), registry);
    timeline.mark("engine");
    return new Prepared(policy, wal, engine);
  }

  /** The WAL directory, created; a directory the agent cannot write stops the start. */
  private static Path writable(Path wal) throws StartupException {
    try {
      Files.createDirectories(wal);
    } catch (IOException | RuntimeException e) {
      throw new StartupException("cannot create the audit WAL directory " + wal + ": " + e);
    }
    if (!Files.isWritable(wal)) {
      throw new StartupException("the audit WAL directory " + wal + " is not writable");
    }
    return wal;
  }

  private static Prepared awaitPrepared(FutureTask<Prepared> task) throws PolicyException, StartupException {
    try {
      return task.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StartupException("interrupted while preparing the agent");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof PolicyException) {
        throw (PolicyException) cause;
      }
      if (cause instanceof StartupException) {
        throw (StartupException) cause;
      }
      throw new StartupException("the agent could not be prepared: " + cause, cause);
    }
  }

  private static void exit(int status, String message) {
    System.err.println("faramesh: " + message);
    System.err.println("faramesh: the application was not started.");
    System.err.flush();
    System.exit(status);
  }

  /** Start-up phase timings, printed with {@code -Dfaramesh.debug.startup=true}. */
  private static final class Timeline {
    private final boolean enabled;
    private final long start = System.nanoTime();
    private final StringBuilder phases = new StringBuilder();

    Timeline(boolean enabled) {
      this.enabled = enabled;
    }

    /** Milliseconds since premain at which {@code phase} ended (either thread). */
    synchronized void mark(String phase) {
      if (enabled) {
        phases.append(' ').append(phase).append('@').append((System.nanoTime() - start) / 1_000_000).append("ms");
      }
    }

    void print() {
      if (enabled) {
        System.err.println("faramesh: start-up" + phases);
      }
    }
  }
}
