package dev.faramesh.broker;

import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The credential backends this build ships, found with {@link ServiceLoader}, each configured on
 * the first use of its type. Configuring reads settings only, so a backend that fails to configure
 * (a missing address, a malformed timeout) stays failed for this run: the credentials it serves are
 * unavailable with {@link Failure#BACKEND_NOT_CONFIGURED}, the others are not.
 */
public final class BackendRegistry implements AutoCloseable {

  private final Map<String, CredentialBackend> available;
  private final Map<String, Object> configured = new ConcurrentHashMap<>();
  private final BackendContext context;

  private BackendRegistry(Map<String, CredentialBackend> available, BackendContext context) {
    this.available = available;
    this.context = context;
  }

  /** Every backend visible to {@code loader}. */
  public static BackendRegistry load(ClassLoader loader, BackendContext context) {
    Map<String, CredentialBackend> found = new HashMap<>();
    for (CredentialBackend b : ServiceLoader.load(CredentialBackend.class, loader)) {
      found.putIfAbsent(b.type(), b);
    }
    return new BackendRegistry(found, context);
  }

  /** A registry of exactly the given backends (tests, embedding). */
  public static BackendRegistry of(BackendContext context, CredentialBackend... backends) {
    Map<String, CredentialBackend> found = new HashMap<>();
    for (CredentialBackend b : backends) {
      found.put(b.type(), b);
    }
    return new BackendRegistry(found, context);
  }

  public boolean supports(String type) {
    return available.containsKey(type);
  }

  /** The backend types of this build, sorted. */
  public Set<String> types() {
    return new TreeSet<>(available.keySet());
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
    CredentialBackend b = available.get(type);
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
    for (Map.Entry<String, CredentialBackend> e : available.entrySet()) {
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
