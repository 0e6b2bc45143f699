package dev.faramesh.agent.install;

import dev.faramesh.bootstrap.Faramesh;
import dev.faramesh.interceptors.Hook;
import dev.faramesh.interceptors.InterceptorPlugin;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Installs the interceptors' advice. One class-file transformer compares the internal name of each
 * class being defined with the hooks' target names before anything else happens, so every other
 * class load costs one hash lookup, and hands targets to the {@link AdviceWeaver}. Targets already
 * loaded at premain ({@code System}, {@code ProcessBuilder}) are retransformed synchronously, and a
 * failure there stops the agent from starting; later targets are woven as they load.
 */
public final class HookInstaller {

  private HookInstaller() {}

  /** What was installed and what went wrong while weaving. */
  public static final class Installation {
    private final List<String> plugins;
    private final List<String> woven = new CopyOnWriteArrayList<>();
    private final List<String> errors = new CopyOnWriteArrayList<>();

    Installation(List<String> plugins) {
      this.plugins = plugins;
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

  public static Installation install(Instrumentation inst, ClassLoader adviceLoader, List<InterceptorPlugin> plugins)
      throws InstallException {
    ModuleAccess.grant(inst, Faramesh.class.getModule(), HookInstaller.class.getModule());
    List<String> names = new ArrayList<>();
    Map<String, List<Hook>> byInternalName = new HashMap<>();
    for (InterceptorPlugin p : plugins) {
      names.add(p.name());
      for (Hook h : p.hooks()) {
        byInternalName.computeIfAbsent(h.typeName().replace('.', '/'), k -> new ArrayList<>()).add(h);
      }
    }
    Installation installation = new Installation(List.copyOf(names));
    Weaving weaving = new Weaving(byInternalName, new AdviceWeaver(adviceLoader), installation);
    inst.addTransformer(weaving, true);
    retransformLoaded(inst, byInternalName, installation);
    return installation;
  }

  private static void retransformLoaded(Instrumentation inst, Map<String, List<Hook>> targets,
      Installation installation) throws InstallException {
    List<Class<?>> loaded = new ArrayList<>();
    for (Class<?> c : inst.getAllLoadedClasses()) {
      if (targets.containsKey(c.getName().replace('.', '/')) && inst.isModifiableClass(c)) {
        loaded.add(c);
      }
    }
    if (loaded.isEmpty()) {
      return;
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
  }

  /** The transformer: a name lookup, then the weaver for targets only. */
  private static final class Weaving implements ClassFileTransformer {
    private final Map<String, List<Hook>> targets;
    private final AdviceWeaver weaver;
    private final Installation installation;

    Weaving(Map<String, List<Hook>> targets, AdviceWeaver weaver, Installation installation) {
      this.targets = targets;
      this.weaver = weaver;
      this.installation = installation;
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> redefined,
        ProtectionDomain domain, byte[] bytes) {
      return transform(loader, className, redefined, domain, bytes);
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> redefined, ProtectionDomain domain,
        byte[] bytes) {
      List<Hook> hooks = className == null ? null : targets.get(className);
      if (hooks == null) {
        return null;
      }
      String binaryName = className.replace('/', '.');
      try {
        byte[] woven = weaver.weave(binaryName, loader, bytes, hooks);
        installation.woven.add(binaryName);
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
