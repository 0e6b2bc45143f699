package dev.faramesh.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;

/**
 * The socket side of an HTTP test server: a JDK {@link HttpServer} (or {@link HttpsServer}) on
 * loopback with a random port, plus the faults every backend server offers. It records each request
 * in a {@link RequestLog}, holds it for the configured delay, and hands it to the backend's handler
 * as a {@link JsonExchange}. {@link #down()} closes the listening socket so connections are refused;
 * {@link #up()} binds the same port again.
 */
public final class HttpEndpoint {

    /** A backend's request handler. */
    @FunctionalInterface
    public interface Handler {
        void handle(JsonExchange exchange) throws IOException;
    }

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final Handler handler;
    private final SSLContext tls;
    private final RequestLog log = new RequestLog();
    private volatile Duration delay = Duration.ZERO;
    private HttpServer server;
    private ExecutorService executor;
    private int port;

    private HttpEndpoint(Handler handler, SSLContext tls) {
        this.handler = handler;
        this.tls = tls;
    }

    /** Plain HTTP on 127.0.0.1 and a random port. */
    public static HttpEndpoint http(Handler handler) {
        HttpEndpoint e = new HttpEndpoint(handler, null);
        e.bind(0);
        return e;
    }

    /** HTTPS on 127.0.0.1 and a random port, serving the given context's certificate. */
    public static HttpEndpoint https(SSLContext serverContext, Handler handler) {
        HttpEndpoint e = new HttpEndpoint(handler, serverContext);
        e.bind(0);
        return e;
    }

    private synchronized void bind(int wanted) {
        try {
            InetSocketAddress address = new InetSocketAddress(LOOPBACK, wanted);
            HttpServer s;
            if (tls == null) {
                s = HttpServer.create(address, 64);
            } else {
                HttpsServer https = HttpsServer.create(address, 64);
                https.setHttpsConfigurator(new HttpsConfigurator(tls));
                s = https;
            }
            s.createContext("/", this::dispatch);
            executor = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "testkit-http-" + s.getAddress().getPort());
                t.setDaemon(true);
                return t;
            });
            s.setExecutor(executor);
            s.start();
            server = s;
            port = s.getAddress().getPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + wanted, e);
        }
    }

    private void dispatch(HttpExchange raw) throws IOException {
        JsonExchange exchange = new JsonExchange(raw);
        log.record(raw.getRequestMethod(), raw.getRequestURI().getPath(),
                exchange.queryParameters().keySet(), new ArrayList<>(raw.getRequestHeaders().keySet()));
        try (raw) {
            Duration d = delay;
            if (!d.isZero()) {
                Thread.sleep(d.toMillis());
            }
            handler.handle(exchange);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | IOException e) {
            // A bug in a test server must surface as a 500 the client sees, not a hung connection.
            if (!exchange.responded()) {
                exchange.sendText(500, "testkit server error: " + e.getClass().getSimpleName());
            }
        }
    }

    public synchronized URI baseUrl() {
        return URI.create((tls == null ? "http" : "https") + "://127.0.0.1:" + port);
    }

    public synchronized int port() {
        return port;
    }

    public RequestLog requests() {
        return log;
    }

    public void delay(Duration d) {
        this.delay = d == null ? Duration.ZERO : d;
    }

    /** Refuses connections from now on (the listening socket is closed). */
    public synchronized void down() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
    }

    public synchronized void up() {
        if (server == null) {
            bind(port);
        }
    }

    public synchronized boolean isUp() {
        return server != null;
    }

    public void stop() {
        down();
    }
}
