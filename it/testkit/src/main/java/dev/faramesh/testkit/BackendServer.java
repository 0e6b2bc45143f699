package dev.faramesh.testkit;

import java.net.URI;
import java.time.Duration;

/**
 * The controls every secret-backend test server offers, so a broker test can treat them alike: where
 * it listens, how to stop it, and the faults a real backend shows in production (unreachable, slow,
 * refusing everything). Rotation is per backend, because each one numbers versions its own way.
 */
public interface BackendServer extends AutoCloseable {

    /** Base URL a client is configured with (no trailing slash). */
    URI baseUrl();

    /** Stops for good and frees the port. */
    void stop();

    /** Closes the listening socket: new connections are refused until {@link #up()}. */
    void down();

    /** Listens again on the same port after {@link #down()}. */
    void up();

    /** Holds every request this long before answering; {@link Duration#ZERO} turns it off. */
    void delay(Duration delay);

    /** While on, every authenticated request is answered with the backend's permission-denied error. */
    void denyAll(boolean deny);

    /** Method, path and header names of every request received. */
    RequestLog requests();

    @Override
    default void close() {
        stop();
    }
}
