package dev.faramesh.agent.install;

import dev.faramesh.interceptors.Hook;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.jar.asm.ClassReader;

/**
 * Finds the hooks on supertypes that apply to a class being defined: a class is a subtype of a
 * hooked type when its superclass or one of its interfaces is, transitively. Only class loaders
 * that can see at least one hooked type are looked at (asked once per loader), and there only the
 * class-file header is read; supertypes that are not loaded yet are read as resources through the
 * same loader, never loaded, and the answer for every name is remembered per loader.
 */
final class SubtypeMatcher {

  private static final Set<String> NONE = Set.of();

  private final Map<String, List<Hook>> byTarget;
  private final Map<ClassLoader, LoaderView> views = Collections.synchronizedMap(new WeakHashMap<>());

  SubtypeMatcher(Map<String, List<Hook>> byTarget) {
    this.byTarget = byTarget;
  }

  boolean isEmpty() {
    return byTarget.isEmpty();
  }

  /** The hooks that apply to {@code internalName} defined by {@code loader} from {@code bytes}, or {@code null}. */
  List<Hook> hooksFor(ClassLoader loader, String internalName, byte[] bytes) {
    if (byTarget.isEmpty() || loader == null || ignored(internalName)) {
      return null;
    }
    LoaderView view = views.computeIfAbsent(loader, this::view);
    if (view.visible.isEmpty()) {
      return null;
    }
    Set<String> targets = view.targetsOf(internalName, new ClassReader(bytes));
    if (targets.isEmpty()) {
      return null;
    }
    List<Hook> hooks = new ArrayList<>();
    for (String t : targets) {
      hooks.addAll(byTarget.get(t));
    }
    return hooks;
  }

  // the application's Byte Buddy; not a constant, which shade would rewrite to our relocated copy
  private static final String APP_BYTE_BUDDY = "net!bytebuddy/".replace('!', '/');

  private static boolean ignored(String name) {
    return name.startsWith("java/") || name.startsWith("jdk/") || name.startsWith("sun/")
        || name.startsWith("dev/faramesh/agent/") || name.startsWith("dev/faramesh/bootstrap/")
        || name.startsWith("dev/faramesh/shaded/") || name.startsWith(APP_BYTE_BUDDY) || name.contains("$$Lambda");
  }

  private LoaderView view(ClassLoader loader) {
    Set<String> visible = new HashSet<>();
    for (String t : byTarget.keySet()) {
      if (loader.getResource(t + ".class") != null) {
        visible.add(t);
      }
    }
    return new LoaderView(loader, visible);
  }

  /** What one class loader can see of the hooked types, and the answers so far. */
  private static final class LoaderView {
    private final ClassLoader loader;
    private final Set<String> visible;
    private final Map<String, Set<String>> known = new ConcurrentHashMap<>();

    LoaderView(ClassLoader loader, Set<String> visible) {
      this.loader = loader;
      this.visible = visible;
    }

    Set<String> targetsOf(String name, ClassReader header) {
      Set<String> found = known.get(name);
      if (found == null) {
        found = resolve(name, header, 0);
      }
      return found;
    }

    private Set<String> lookup(String name, int depth) {
      if (name == null || name.startsWith("java/") || depth > 64) {
        return NONE;
      }
      Set<String> found = known.get(name);
      if (found != null) {
        return found;
      }
      ClassReader header;
      try (InputStream in = loader.getResourceAsStream(name + ".class")) {
        if (in == null) {
          known.put(name, NONE);
          return NONE;
        }
        header = new ClassReader(in.readAllBytes());
      } catch (IOException | RuntimeException e) {
        return NONE;
      }
      return resolve(name, header, depth);
    }

    private Set<String> resolve(String name, ClassReader header, int depth) {
      Set<String> out = new java.util.TreeSet<>();
      if (visible.contains(name)) {
        out.add(name);
      }
      out.addAll(lookup(header.getSuperName(), depth + 1));
      for (String i : header.getInterfaces()) {
        out.addAll(lookup(i, depth + 1));
      }
      Set<String> result = out.isEmpty() ? NONE : Set.copyOf(out);
      known.put(name, result);
      return result;
    }
  }

  /** Groups subtype hooks by their hooked type's internal name. */
  static Map<String, List<Hook>> group(List<Hook> hooks) {
    Map<String, List<Hook>> out = new LinkedHashMap<>();
    for (Hook h : hooks) {
      out.computeIfAbsent(h.typeName().replace('.', '/'), k -> new ArrayList<>()).add(h);
    }
    return out;
  }
}
