package dev.faramesh.agent.install;

import dev.faramesh.bootstrap.Faramesh;
import dev.faramesh.interceptors.CallSite;
import dev.faramesh.interceptors.Hook;
import dev.faramesh.interceptors.InterceptorPlugin;
import dev.faramesh.interceptors.ToolHook;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.nio.file.Path;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Installs the interceptors' advice. One class-file transformer compares the internal name of each
 * class being defined with the hooks' target names before anything else happens, so every other
 * class load costs one hash lookup, and hands targets to the {@link AdviceWeaver}. Targets already
 * loaded at premain ({@code System}, {@code ProcessBuilder}) are retransformed synchronously, and a
 * failure there stops the agent from starting; later targets are woven as they load, or ahead of
 * time by {@link Installation#preweave()} on a spare core, from the same class file the JDK will
 * define (a class whose bytes differ is woven afresh when it loads).
 */
public final class HookInstaller {

  /** The agent's advice for tool-call methods that third-party plugins declare. */
  static final String PLUGIN_ADVICE = "dev.faramesh.interceptors.plugin.PluginToolAdvice";

  private HookInstaller() {}

  /** What was installed and what went wrong while weaving. */
  public static final class Installation {
    private final List<String> plugins;
    private final List<String> woven = new CopyOnWriteArrayList<>();
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private final Map<String, PreWoven> prewoven = new ConcurrentHashMap<>();

    Installation(List<String> plugins) {
      this.plugins = plugins;
    }

    /**
     * Weaves every target of a JDK module that is not loaded yet from its class file, so the
     * thread that later loads it finds the result ready; run it on a background thread.
     */
    public void preweave() {
      for (PreWoven p : prewoven.values()) {
        p.task.run();
      }
    }

    public List<String> plugins() {
      return plugins;
    }

    /** Names of the target types woven so far. */
    public List<String> woven() {
      return woven;
    }

    /** One line per type that could not be woven. */
    public List<String> errors() {
      return errors;
    }
  }

  /** The interceptor plugins visible to {@code loader}. */
  public static List<InterceptorPlugin> plugins(ClassLoader loader) {
    List<InterceptorPlugin> out = new ArrayList<>();
    for (InterceptorPlugin p : ServiceLoader.load(InterceptorPlugin.class, loader)) {
      out.add(p);
    }
    return out;
  }

  /**
   * Installs {@code plugins}; {@code cacheDir} keeps woven classes between runs ({@code null}: no
   * cache).
   */
  public static Installation install(Instrumentation inst, ClassLoader adviceLoader, List<InterceptorPlugin> plugins,
      Path cacheDir) throws InstallException {
    ModuleAccess.grant(inst, Faramesh.class.getModule(), HookInstaller.class.getModule());
    List<String> names = new ArrayList<>();
    Map<String, List<Hook>> byInternalName = new HashMap<>();
    List<Hook> onSubtypes = new ArrayList<>();
    List<CallSite> callSites = new ArrayList<>();
    for (InterceptorPlugin p : plugins) {
      names.add(p.name());
      List<Hook> hooks = new ArrayList<>(p.hooks());
      for (ToolHook t : p.toolHooks()) {
        hooks.add(t.hook(PLUGIN_ADVICE));
      }
      for (Hook h : hooks) {
        if (h.subtypes()) {
          onSubtypes.add(h);
        } else {
          byInternalName.computeIfAbsent(h.typeName().replace('.', '/'), k -> new ArrayList<>()).add(h);
        }
      }
      callSites.addAll(p.callSites());
    }
    Installation installation = new Installation(List.copyOf(names));
    Weaving weaving = new Weaving(byInternalName, new SubtypeMatcher(SubtypeMatcher.group(onSubtypes)),
        new CallSiteRewriter(callSites), new AdviceWeaver(adviceLoader), WeaveCache.at(cacheDir), installation);
    inst.addTransformer(weaving, true);
    Set<String> loaded = retransformLoaded(inst, byInternalName, installation);
    for (Map.Entry<String, List<Hook>> e : byInternalName.entrySet()) {
      if (!loaded.contains(e.getKey())) {
        installation.prewoven.put(e.getKey(), PreWoven.of(e.getKey(), e.getValue(), weaving));
      }
    }
    return installation;
  }

  /**
   * A target of a JDK module woven ahead of loading. Everything, including finding which module and
   * loader the class belongs to, happens in the task; the woven result is used only for a class
   * defined by that loader from exactly the bytes that were woven.
   */
  private static final class PreWoven {
    final FutureTask<Result> task;

    private record Result(ClassLoader loader, byte[] original, byte[] woven) {}

    private PreWoven(FutureTask<Result> task) {
      this.task = task;
    }

    static PreWoven of(String internalName, List<Hook> hooks, Weaving weaving) {
      return new PreWoven(new FutureTask<>(() -> {
        // jrt:/<module>/<path>: the URL names the module, and so the loader that will define it
        java.net.URL url = ClassLoader.getPlatformClassLoader().getResource(internalName + ".class");
        if (url == null || !"jrt".equals(url.getProtocol())) {
          return null;
        }
        String path = url.getPath();
        String moduleName = path.substring(1, path.indexOf('/', 1));
        Module module = ModuleLayer.boot().findModule(moduleName).orElse(null);
        if (module == null) {
          return null;
        }
        byte[] original;
        try (java.io.InputStream in = url.openStream()) {
          original = in.readAllBytes();
        }
        ClassLoader loader = module.getClassLoader();
        return new Result(loader, original, weaving.weave(internalName.replace('/', '.'), loader, original, hooks));
      }));
    }

    /** The prepared result for a class {@code definingLoader} defines from {@code bytes}, or {@code null}. */
    byte[] resultFor(ClassLoader definingLoader, byte[] bytes) {
      task.run();
      try {
        Result r = task.get();
        return r != null && r.loader == definingLoader && Arrays.equals(r.original, bytes) ? r.woven : null;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      } catch (ExecutionException e) {
        return null;
      }
    }
  }

  /** Retransforms the targets already loaded; returns their internal names. */
  private static Set<String> retransformLoaded(Instrumentation inst, Map<String, List<Hook>> targets,
      Installation installation) throws InstallException {
    List<Class<?>> loaded = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Class<?> c : inst.getAllLoadedClasses()) {
      String internal = c.getName().replace('.', '/');
      if (targets.containsKey(internal) && inst.isModifiableClass(c)) {
        loaded.add(c);
        names.add(internal);
      }
    }
    if (loaded.isEmpty()) {
      return names;
    }
    try {
      inst.retransformClasses(loaded.toArray(new Class<?>[0]));
    } catch (UnmodifiableClassException | RuntimeException | LinkageError e) {
      throw new InstallException("could not instrument " + loaded + ": " + e, e);
    }
    for (Class<?> c : loaded) {
      if (!installation.woven.contains(c.getName())) {
        throw new InstallException("could not instrument " + c.getName()
            + (installation.errors.isEmpty() ? "" : ": " + installation.errors), null);
      }
    }
    return names;
  }

  /** The transformer: a name lookup, then the weaver for targets only. */
  private static final class Weaving implements ClassFileTransformer {
    private final Map<String, List<Hook>> targets;
    private final SubtypeMatcher subtypes;
    private final CallSiteRewriter callSites;
    private final AdviceWeaver weaver;
    private final WeaveCache cache;
    private final Installation installation;

    Weaving(Map<String, List<Hook>> targets, SubtypeMatcher subtypes, CallSiteRewriter callSites,
        AdviceWeaver weaver, WeaveCache cache, Installation installation) {
      this.targets = targets;
      this.subtypes = subtypes;
      this.callSites = callSites;
      this.weaver = weaver;
      this.cache = cache;
      this.installation = installation;
    }

    /** The cached result for exactly these bytes, else a fresh weave, which is then cached. */
    byte[] weave(String binaryName, ClassLoader loader, byte[] original, List<Hook> hooks) {
      byte[] woven = cache == null ? null : cache.get(binaryName, original);
      if (woven == null) {
        woven = weaver.weave(binaryName, loader, original, hooks);
        if (cache != null && woven != null) {
          cache.put(binaryName, original, woven);
        }
      }
      return woven;
    }

    /**
     * A class that is no exact target: advice for the hooked types it extends or implements, and
     * rerouted call sites. {@code null} when neither applies.
     */
    private byte[] weaveOther(String className, ClassLoader loader, Class<?> redefined, byte[] bytes) {
      if (redefined != null || (subtypes.isEmpty() && callSites.isEmpty())) {
        return null;
      }
      List<CallSite> sites = callSites.sitesFor(className);
      List<Hook> inherited = subtypes.hooksFor(loader, className, bytes);
      if (sites == null && inherited == null) {
        return null;
      }
      String binaryName = className.replace('/', '.');
      try {
        byte[] out = inherited == null ? null : weave(binaryName, loader, bytes, inherited);
        if (sites != null) {
          byte[] rerouted = CallSiteRewriter.rewrite(out == null ? bytes : out, sites);
          out = rerouted != null ? rerouted : out;
        }
        if (out != null) {
          installation.woven.add(binaryName);
        }
        return out;
      } catch (Throwable t) {
        String line = binaryName + ": " + t;
        installation.errors.add(line);
        System.err.println("faramesh: could not instrument " + line + "; calls through it are not governed");
        return null;
      }
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> redefined,
        ProtectionDomain domain, byte[] bytes) {
      return transform(loader, className, redefined, domain, bytes);
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> redefined, ProtectionDomain domain,
        byte[] bytes) {
      if (className == null) {
        return null;
      }
      List<Hook> hooks = targets.get(className);
      if (hooks == null) {
        return weaveOther(className, loader, redefined, bytes);
      }
      String binaryName = className.replace('/', '.');
      try {
        PreWoven ready = redefined == null ? installation.prewoven.get(className) : null;
        byte[] woven = ready == null ? null : ready.resultFor(loader, bytes);
        if (woven == null) {
          woven = weave(binaryName, loader, bytes, hooks);
        }
        if (woven != null) {
          installation.woven.add(binaryName);
        }
        return woven;
      } catch (Throwable t) {
        String line = binaryName + ": " + t;
        installation.errors.add(line);
        System.err.println("faramesh: could not instrument " + line + "; calls through it are not governed");
        return null;
      }
    }
  }
}
