package dev.faramesh.agent.install;

import dev.faramesh.interceptors.Hook;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.ClassFileVersion;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.scaffold.TypeInitializer;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.implementation.auxiliary.AuxiliaryType;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.pool.TypePool;

/**
 * Inlines Byte Buddy {@link Advice} into one class file. It drives {@code Advice} as an ASM visitor
 * directly instead of through {@code AgentBuilder}, whose set-up alone costs about 200 ms of class
 * initialisation on a small machine. The result never adds or changes members
 * ({@link Implementation.Context.Disabled}), so it is valid for retransforming loaded classes.
 * Advice class files are read from the agent's loader; target types are described from the
 * bytes being transformed plus their own loader, lazily, so nothing is loaded while weaving.
 */
final class AdviceWeaver {

  private final ClassLoader adviceLoader;
  private final Map<String, Advice> advice = new ConcurrentHashMap<>();
  private ClassFileLocator adviceLocator;
  private TypePool advicePool;

  /** Cheap: nothing of Byte Buddy is touched until the first {@link #weave}. */
  AdviceWeaver(ClassLoader adviceLoader) {
    this.adviceLoader = adviceLoader;
  }

  /**
   * The class file {@code original} of {@code binaryName} with every hook's advice inlined, or
   * {@code null} when only optional hooks were given and none of them matches a method.
   */
  byte[] weave(String binaryName, ClassLoader loader, byte[] original, List<Hook> hooks) {
    ClassFileLocator locator = new ClassFileLocator.Compound(ClassFileLocator.Simple.of(binaryName, original),
        loader == null ? ClassFileLocator.ForClassLoader.ofBootLoader() : ClassFileLocator.ForClassLoader.of(loader));
    TypePool pool = new TypePool.Default.WithLazyResolution(new TypePool.CacheProvider.Simple(), locator,
        TypePool.Default.ReaderMode.FAST);
    TypeDescription type = pool.describe(binaryName).resolve();
    List<AsmVisitorWrapper> wrappers = new ArrayList<>(hooks.size());
    for (Hook hook : hooks) {
      // A JDK that renamed a method must not leave a hook silently unapplied.
      if (type.getDeclaredMethods().filter(hook.methods()).isEmpty()) {
        if (hook.optional()) {
          continue;
        }
        throw new IllegalStateException("no method of " + binaryName + " matches " + hook.methodName()
            + (hook.descriptor() == null ? "" : hook.descriptor()) + " for " + hook.adviceClass());
      }
      wrappers.add(advice(hook.adviceClass()).on(hook.methods()));
    }
    if (wrappers.isEmpty()) {
      return null;
    }
    AsmVisitorWrapper wrapper = new AsmVisitorWrapper.Compound(wrappers);
    ClassFileVersion version = ClassFileVersion.ofClassFile(original);
    int writerFlags = wrapper.mergeWriter(0);
    int readerFlags = wrapper.mergeReader(0);
    ClassReader reader = new ClassReader(original);
    ClassWriter writer = new ClassWriter(reader, writerFlags);
    Implementation.Context context = Implementation.Context.Disabled.Factory.INSTANCE.make(type,
        new AuxiliaryType.NamingStrategy.Suffixing("faramesh"), TypeInitializer.None.INSTANCE, version, version);
    ClassVisitor visitor = wrapper.wrap(type, writer, context, pool, type.getDeclaredFields(),
        type.getDeclaredMethods(), writerFlags, readerFlags);
    reader.accept(visitor, readerFlags);
    return writer.toByteArray();
  }

  private Advice advice(String className) {
    Advice a = advice.get(className);
    if (a == null) {
      synchronized (this) {
        if (advicePool == null) {
          adviceLocator = ClassFileLocator.ForClassLoader.of(adviceLoader);
          advicePool = TypePool.Default.of(adviceLocator);
        }
        a = advice.computeIfAbsent(className, n -> Advice.to(advicePool.describe(n).resolve(), adviceLocator));
      }
    }
    return a;
  }
}
