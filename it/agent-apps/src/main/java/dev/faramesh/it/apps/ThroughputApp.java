package dev.faramesh.it.apps;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The per-request benchmark's application: a loopback HTTP server and {@code threads} client
 * threads sending GET requests through one {@code HttpClient} as fast as they can, first for
 * {@code warmup} seconds, then counted for {@code measure} seconds. Prints
 * {@code requests_per_second=N} and the process's CPU time per request. Arguments: threads warmup
 * measure.
 */
public final class ThroughputApp {

  private ThroughputApp() {}

  /** CPU time of the whole process (all threads, both client and server side). */
  private static long cpuNanos() {
    return ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos()).orElse(0L);
  }

  public static void main(String[] args) throws Exception {
    int threads = Integer.parseInt(args[0]);
    int warmup = Integer.parseInt(args[1]);
    int measure = Integer.parseInt(args[2]);
    // Without TCP_NODELAY the JDK server's two writes per response meet delayed ACKs: 40 ms a request.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
    ExecutorService serverPool = Executors.newFixedThreadPool(Math.max(2, threads));
    server.setExecutor(serverPool);
    byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
    server.createContext("/", exchange -> {
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpRequest request = HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/ping")).build();
    LongAdder done = new LongAdder();
    AtomicBoolean counting = new AtomicBoolean();
    AtomicBoolean running = new AtomicBoolean(true);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread w = new Thread(() -> {
        while (running.get()) {
          try {
            client.send(request, HttpResponse.BodyHandlers.discarding());
            if (counting.get()) {
              done.increment();
            }
          } catch (Exception e) {
            System.out.println("error=" + e);
            return;
          }
        }
      });
      w.start();
      workers.add(w);
    }
    Thread.sleep(warmup * 1000L);
    counting.set(true);
    long start = System.nanoTime();
    long cpuStart = cpuNanos();
    Thread.sleep(measure * 1000L);
    counting.set(false);
    long elapsed = System.nanoTime() - start;
    long cpu = cpuNanos() - cpuStart;
    running.set(false);
    for (Thread w : workers) {
      w.join();
    }
    System.out.println("requests_per_second=" + Math.round(done.sum() * 1e9 / elapsed));
    System.out.println("cpu_us_per_request=" + Math.round(cpu / 1e3 / Math.max(1, done.sum())));
    server.stop(0);
    serverPool.shutdownNow();
  }
}
