package dev.faramesh.testkit.oidc.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP listener under every identity server of the testkit: JDK {@code HttpServer} (or
 * {@code HttpsServer} with a {@link LocalTls}) bound to 127.0.0.1 on an ephemeral port, routing by
 * method and path regex, with a request log that keeps header names only. It also carries the
 * faults identity clients must survive: every reply replaced by an error status, slow replies, and
 * an outage where the port refuses connections until {@link #acceptConnections()} rebinds it.
 */
public final class LoopbackHttpServer implements AutoCloseable {

    private record Route(String method, Pattern path, Function<IncomingRequest, HttpReply> handler) {
    }

    private final LocalTls tls;
    private final List<Route> routes = new CopyOnWriteArrayList<>();
    private final List<RecordedRequest> log = new CopyOnWriteArrayList<>();
    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "testkit-http");
        thread.setDaemon(true);
        return thread;
    });

    private HttpServer server;
    private int port;
    private volatile Integer forcedStatus;
    private volatile Duration delay = Duration.ZERO;

    private LoopbackHttpServer(LocalTls tls) {
        this.tls = tls;
    }

    /** A plain-HTTP server; call {@link #start()} after adding routes. */
    public static LoopbackHttpServer http() {
        return new LoopbackHttpServer(null);
    }

    /** An HTTPS server presenting a certificate from {@code tls}. */
    public static LoopbackHttpServer https(LocalTls tls) {
        return new LoopbackHttpServer(tls);
    }

    /**
     * Adds a route. {@code pathRegex} must match the whole path; its groups are available to the
     * handler through {@link IncomingRequest#pathGroup(int)}. Earlier routes win.
     */
    public LoopbackHttpServer route(String method, String pathRegex, Function<IncomingRequest, HttpReply> handler) {
        routes.add(new Route(method, Pattern.compile(pathRegex), handler));
        return this;
    }

    /** Binds an ephemeral loopback port and starts serving. */
    public synchronized LoopbackHttpServer start() {
        bind(0);
        return this;
    }

    /** {@code http://127.0.0.1:PORT} or {@code https://127.0.0.1:PORT}, without a trailing slash. */
    public String baseUrl() {
        return (tls == null ? "http" : "https") + "://127.0.0.1:" + port;
    }

    public URI baseUri() {
        return URI.create(baseUrl());
    }

    public int port() {
        return port;
    }

    /** The TLS identity for an HTTPS server, null for plain HTTP. */
    public LocalTls tls() {
        return tls;
    }

    /** Every request received so far, oldest first. */
    public List<RecordedRequest> requests() {
        return List.copyOf(log);
    }

    /** How many requests arrived for exactly this path. */
    public long requestCount(String path) {
        return log.stream().filter(r -> r.path().equals(path)).count();
    }

    public void clearRequests() {
        log.clear();
    }

    /** From now on every request is answered with {@code status} and a short JSON error body. */
    public void failWith(int status) {
        forcedStatus = status;
    }

    /** From now on every reply is held back for {@code delay} before it is written. */
    public void delayResponses(Duration delay) {
        this.delay = delay;
    }

    /** Removes the status override and the delay. */
    public void clearFaults() {
        forcedStatus = null;
        delay = Duration.ZERO;
    }

    /** Closes the listening socket: connections to the port are refused until {@link #acceptConnections()}. */
    public synchronized void refuseConnections() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    /** Rebinds the same port after {@link #refuseConnections()}. */
    public synchronized void acceptConnections() {
        if (server == null) {
            bind(port);
        }
    }

    public boolean isAcceptingConnections() {
        return server != null;
    }

    /** Stops serving and releases the port and threads. */
    public synchronized void stop() {
        refuseConnections();
        executor.shutdownNow();
    }

    @Override
    public void close() {
        stop();
    }

    private void bind(int wantedPort) {
        try {
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), wantedPort);
            HttpServer created;
            if (tls == null) {
                created = HttpServer.create(address, 0);
            } else {
                HttpsServer https = HttpsServer.create(address, 0);
                https.setHttpsConfigurator(new HttpsConfigurator(tls.serverContext()));
                created = https;
            }
            created.createContext("/", this::handle);
            created.setExecutor(executor);
            created.start();
            server = created;
            port = created.getAddress().getPort();
        } catch (IOException e) {
            throw new IllegalStateException("cannot bind 127.0.0.1:" + wantedPort, e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        Instant receivedAt = Instant.now();
        URI uri = exchange.getRequestURI();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) ->
                headers.put(name.toLowerCase(Locale.ROOT), new ArrayList<>(values)));
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        HttpReply reply;
        try {
            reply = dispatch(exchange.getRequestMethod(), uri, headers, body);
        } catch (RuntimeException e) {
            // a handler bug must show up as a 500, not as a hung client
            reply = HttpReply.json(500, "{\"error\":\"server_error\",\"error_description\":\"testkit handler failed: "
                    + e.getClass().getSimpleName() + "\"}");
        }
        pause();
        log.add(new RecordedRequest(exchange.getRequestMethod(), uri.getRawPath(),
                IncomingRequest.parseForm(uri.getRawQuery()).keySet(), headers.keySet(), reply.status(), receivedAt));
        write(exchange, reply);
    }

    private HttpReply dispatch(String method, URI uri, Map<String, List<String>> headers, byte[] body) {
        Integer forced = forcedStatus;
        if (forced != null) {
            return HttpReply.json(forced, "{\"error\":\"unavailable\",\"error_description\":\"injected fault\"}");
        }
        String path = uri.getRawPath();
        boolean pathKnown = false;
        for (Route route : routes) {
            Matcher matcher = route.path().matcher(path);
            if (!matcher.matches()) {
                continue;
            }
            pathKnown = true;
            if (route.method().equalsIgnoreCase(method)) {
                return route.handler().apply(new IncomingRequest(method, path, uri.getRawQuery(), headers, body, matcher));
            }
        }
        return pathKnown
                ? HttpReply.json(405, "{\"error\":\"method_not_allowed\"}")
                : HttpReply.json(404, "{\"error\":\"not_found\"}");
    }

    private void pause() {
        Duration wait = delay;
        if (!wait.isZero()) {
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void write(HttpExchange exchange, HttpReply reply) throws IOException {
        reply.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        byte[] bytes = reply.bodyBytes();
        boolean noBody = bytes.length == 0 || "HEAD".equalsIgnoreCase(exchange.getRequestMethod());
        exchange.sendResponseHeaders(reply.status(), noBody ? -1 : bytes.length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
        exchange.close();
    }
}
