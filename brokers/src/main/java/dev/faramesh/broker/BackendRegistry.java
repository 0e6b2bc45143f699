package dev.faramesh.broker;

import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The credential backends this build ships, found with {@link ServiceLoader} when a backend is
 * first asked for (a policy without credentials never loads their SDKs), each configured on the
 * first use of its type. Configuring reads settings only, so a backend that fails to configure
 * (a missing address, a malformed timeout) stays failed for this run: the credentials it serves are
 * unavailable with {@link Failure#BACKEND_NOT_CONFIGURED}, the others are not.
 */
public final class BackendRegistry implements AutoCloseable {

  private final ClassLoader loader;
  private volatile Map<String, CredentialBackend> available;
  private final Map<String, Object> configured = new ConcurrentHashMap<>();
  private final BackendContext context;

  private BackendRegistry(ClassLoader loader, Map<String, CredentialBackend> available, BackendContext context) {
    this.loader = loader;
    this.available = available;
    this.context = context;
  }

  /** Every backend visible to {@code loader}, loaded on first use. */
  public static BackendRegistry load(ClassLoader loader, BackendContext context) {
    return new BackendRegistry(loader, null, context);
  }

  private Map<String, CredentialBackend> available() {
    Map<String, CredentialBackend> found = available;
    if (found == null) {
      synchronized (this) {
        found = available;
        if (found == null) {
          found = new HashMap<>();
          for (CredentialBackend b : ServiceLoader.load(CredentialBackend.class, loader)) {
            found.putIfAbsent(b.type(), b);
          }
          available = found;
        }
      }
    }
    return found;
  }

  /** A registry of exactly the given backends (tests, embedding). */
  public static BackendRegistry of(BackendContext context, CredentialBackend... backends) {
    Map<String, CredentialBackend> found = new HashMap<>();
    for (CredentialBackend b : backends) {
      found.put(b.type(), b);
    }
    return new BackendRegistry(null, found, context);
  }

  public boolean supports(String type) {
    return available().containsKey(type);
  }

  /** The backend types of this build, sorted. */
  public Set<String> types() {
    return new TreeSet<>(available().keySet());
  }

  public BackendContext context() {
    return context;
  }

  /** Whether {@code type} was configured already (its SDK may have been loaded). */
  public boolean isConfigured(String type) {
    return configured.get(type) == Boolean.TRUE;
  }

  /** The configured backend of {@code type}. */
  public CredentialBackend backend(String type) throws BackendException {
    CredentialBackend b = available().get(type);
    if (b == null) {
      throw new BackendException(Failure.BACKEND_NOT_CONFIGURED, "credential backend \"" + type
          + "\" is not available in this build; available: " + types());
    }
    Object state = configured.computeIfAbsent(type, t -> {
      ClassLoader previous = Thread.currentThread().getContextClassLoader();
      Thread.currentThread().setContextClassLoader(b.getClass().getClassLoader());
      try {
        b.configure(context);
        return Boolean.TRUE;
      } catch (BackendException | RuntimeException | LinkageError e) {
        return e;
      } finally {
        Thread.currentThread().setContextClassLoader(previous);
      }
    });
    if (state instanceof BackendException) {
      BackendException e = (BackendException) state;
      throw new BackendException(e.failure(), e.getMessage(), e);
    }
    if (state instanceof Throwable) {
      Throwable e = (Throwable) state;
      throw new BackendException(Failure.BACKEND_NOT_CONFIGURED, "credential backend \"" + type
          + "\" could not be configured: " + e.getClass().getName(), e);
    }
    return b;
  }

  @Override
  public void close() {
    Map<String, CredentialBackend> loaded = available;
    if (loaded == null) {
      return;
    }
    for (Map.Entry<String, CredentialBackend> e : loaded.entrySet()) {
      if (configured.get(e.getKey()) != Boolean.TRUE) {
        continue;
      }
      try {
        e.getValue().close();
      } catch (RuntimeException ignored) {
        // closing is best effort at shutdown
      }
    }
  }
}
