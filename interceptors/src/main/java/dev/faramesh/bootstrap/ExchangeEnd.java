package dev.faramesh.bootstrap;

import java.util.function.BiConsumer;

/**
 * Attached to the future of an {@code HttpClient} call that holds credential leases: when the
 * future completes (the response arrived, or the call failed or was cancelled) the agent ends
 * them. A named class because the bridge uses no lambdas.
 */
final class ExchangeEnd implements BiConsumer<Object, Throwable> {

  private final Object handle;

  ExchangeEnd(Object handle) {
    this.handle = handle;
  }

  @Override
  public void accept(Object response, Throwable failure) {
    Faramesh.httpClientExchangeEnd(handle);
  }
}
