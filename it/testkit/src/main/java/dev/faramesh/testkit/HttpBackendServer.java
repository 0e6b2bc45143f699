package dev.faramesh.testkit;

import java.net.URI;
import java.time.Duration;

/**
 * A {@link BackendServer} that answers over one {@link HttpEndpoint}: the fault controls (down, up,
 * delay, deny everything) and the request log come from the endpoint, so each backend only supplies its
 * protocol. A subclass hands its endpoint over with {@link #serve} in its constructor.
 */
public abstract class HttpBackendServer implements BackendServer {

    private volatile boolean denyAll;
    private HttpEndpoint endpoint;

    /** Sets the endpoint this server answers on; called once, from the subclass constructor. */
    protected final void serve(HttpEndpoint endpoint) {
        if (this.endpoint != null) {
            throw new IllegalStateException("the endpoint is already set");
        }
        this.endpoint = endpoint;
    }

    /** Whether every authenticated request is to be refused, see {@link #denyAll(boolean)}. */
    public final boolean denyingAll() {
        return denyAll;
    }

    @Override
    public final URI baseUrl() {
        return endpoint.baseUrl();
    }

    @Override
    public final void stop() {
        endpoint.stop();
    }

    @Override
    public final void down() {
        endpoint.down();
    }

    @Override
    public final void up() {
        endpoint.up();
    }

    @Override
    public final void delay(Duration delay) {
        endpoint.delay(delay);
    }

    @Override
    public final void denyAll(boolean deny) {
        this.denyAll = deny;
    }

    @Override
    public final RequestLog requests() {
        return endpoint.requests();
    }
}
