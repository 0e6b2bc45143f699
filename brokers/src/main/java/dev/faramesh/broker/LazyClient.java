package dev.faramesh.broker;

/**
 * A backend's client, built on first use from the settings the backend was configured with. A
 * backend that is configured but never read from never builds its client, so its SDK is never
 * loaded; a read before {@code configure} fails as {@link Failure#BACKEND_NOT_CONFIGURED}.
 *
 * @param <S> the settings, plain values read without touching the SDK
 * @param <C> the client built from them
 */
public final class LazyClient<S, C> {

  /** Builds the client; called once, under the lock. */
  @FunctionalInterface
  public interface Factory<S, C> {
    C build(S settings) throws BackendException;
  }

  private final String backend;
  private final Factory<S, C> factory;
  private volatile S settings;
  private volatile C client;

  public LazyClient(String backend, Factory<S, C> factory) {
    this.backend = backend;
    this.factory = factory;
  }

  public void configure(S settings) {
    this.settings = settings;
  }

  /** The settings, or {@code null} before {@code configure}. */
  public S settings() {
    return settings;
  }

  /** The client, built now if this is the first use. */
  public C get() throws BackendException {
    C c = client;
    if (c == null) {
      synchronized (this) {
        if (client == null) {
          if (settings == null) {
            throw new BackendException(Failure.BACKEND_NOT_CONFIGURED, backend + " backend is not configured");
          }
          client = factory.build(settings);
        }
        c = client;
      }
    }
    return c;
  }

  /** The client if it was built, else {@code null}: what {@code close} has to close. */
  public C built() {
    return client;
  }
}
