package dev.faramesh.identity;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.TreeSet;

/** The identity providers this build ships, found with {@link ServiceLoader} and picked by type. */
public final class IdentityProviders {

  private final List<IdentityProvider> providers;

  private IdentityProviders(List<IdentityProvider> providers) {
    this.providers = providers;
  }

  public static IdentityProviders load(ClassLoader loader) {
    List<IdentityProvider> found = new ArrayList<>();
    for (IdentityProvider p : ServiceLoader.load(IdentityProvider.class, loader)) {
      found.add(p);
    }
    return new IdentityProviders(found);
  }

  /**
   * A new, unconfigured provider of {@code type}, or {@code null} when this build has none. Each
   * call returns a fresh instance, so two identity blocks of one type are configured apart.
   */
  public IdentityProvider forType(String type) {
    for (IdentityProvider p : providers) {
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
  public List<String> types() {
    TreeSet<String> types = new TreeSet<>();
    for (IdentityProvider p : providers) {
      types.add(p.type());
    }
    return List.copyOf(types);
  }
}
