package dev.faramesh.broker;

import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The credential backends this build ships, found with {@link ServiceLoader}, each configured on
 * the first fetch of its type. A backend that fails to configure stays failed for this run: the
 * credentials it serves are unavailable, the others are not.
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

  /** The configured backend of {@code type}. */
  public CredentialBackend backend(String type) throws BackendException {
    CredentialBackend b = available.get(type);
    if (b == null) {
      throw new BackendException("credential backend \"" + type + "\" is not available in this build");
    }
    Object state = configured.computeIfAbsent(type, t -> {
      try {
        b.configure(context);
        return Boolean.TRUE;
      } catch (BackendException | RuntimeException e) {
        return e;
      }
    });
    if (state instanceof Exception) {
      Exception e = (Exception) state;
      throw new BackendException("credential backend \"" + type + "\" could not be configured: " + e.getMessage(), e);
    }
    return b;
  }

  @Override
  public void close() {
    for (CredentialBackend b : available.values()) {
      try {
        b.close();
      } catch (RuntimeException ignored) {
        // closing is best effort at shutdown
      }
    }
  }
}
