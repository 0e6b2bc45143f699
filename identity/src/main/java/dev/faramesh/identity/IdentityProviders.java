package dev.faramesh.identity;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.TreeSet;

/**
 * The identity providers this build ships, found with {@link ServiceLoader} and picked by type.
 * They are instantiated in service-file order only as far as a lookup needs (the dev provider comes
 * first), so a JVM attesting as dev does not load the cloud SDKs behind the others.
 */
public final class IdentityProviders {

  private final Iterator<IdentityProvider> pending;
  private final List<IdentityProvider> providers = new ArrayList<>();

  private IdentityProviders(Iterator<IdentityProvider> pending) {
    this.pending = pending;
  }

  public static IdentityProviders load(ClassLoader loader) {
    return new IdentityProviders(ServiceLoader.load(IdentityProvider.class, loader).iterator());
  }

  /**
   * A new, unconfigured provider of {@code type}, or {@code null} when this build has none. Each
   * call returns a fresh instance, so two identity blocks of one type are configured apart.
   */
  public synchronized IdentityProvider forType(String type) {
    for (int i = 0; i < providers.size() || loadNext(); i++) {
      IdentityProvider p = providers.get(i);
      if (p.type().equals(type)) {
        try {
          return p.getClass().getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException("identity provider " + p.getClass().getName() + " cannot be created", e);
        }
      }
    }
    return null;
  }

  /** The types this build can attest with, sorted. */
  public synchronized List<String> types() {
    while (loadNext()) {
      // every provider is needed to name them all
    }
    TreeSet<String> types = new TreeSet<>();
    for (IdentityProvider p : providers) {
      types.add(p.type());
    }
    return List.copyOf(types);
  }

  private boolean loadNext() {
    if (!pending.hasNext()) {
      return false;
    }
    providers.add(pending.next());
    return true;
  }
}
