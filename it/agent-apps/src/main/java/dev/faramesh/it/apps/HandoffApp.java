package dev.faramesh.it.apps;

import dev.faramesh.bootstrap.Denial;
import dev.faramesh.bootstrap.Faramesh;
import dev.faramesh.bootstrap.FarameshAgent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A worker whose work crosses threads: inside {@code Faramesh.agent("worker-research").run} it
 * calls {@code BASE/ID} through a thread pool ({@code submit}, {@code execute}, {@code invokeAll}),
 * a scheduled pool, {@code ForkJoinPool}, {@code CompletableFuture} (default pool, given executor,
 * a stage registered by the worker and completed by the supervisor), a thread it starts, a
 * virtual thread (JDK 21+), a task the supervisor created (run on the worker's thread), and
 * {@code HttpClient.sendAsync} with a redirect and with a dependent {@code thenApply}; then the
 * supervisor uses the same pools.
 * Prints one {@code RESULT ID ...} line per call, in order. Argument: BASE_URL.
 */
public final class HandoffApp {

  private HandoffApp() {}

  public static void main(String[] args) throws Exception {
    System.out.println("APP STARTED");
    String base = args[0];
    HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
    // one thread: the thread that ran the worker's tasks runs the supervisor's next
    ExecutorService pool = Executors.newFixedThreadPool(1);
    ExecutorService stages = Executors.newFixedThreadPool(2);
    ScheduledExecutorService scheduled = Executors.newScheduledThreadPool(1);
    CompletableFuture<String> gate = new CompletableFuture<>();
    FarameshAgent research = Faramesh.agent("worker-research");
    CompletableFuture<?>[] later = new CompletableFuture<?>[1];
    FutureTask<String> supervisorsTask = new FutureTask<>(() -> get(client, base, "admin-inline"));
    research.call(() -> {
      pool.submit(() -> get(client, base, "research-pool")).get();
      pool.submit(() -> get(client, base, "admin-pool")).get();
      CountDownLatch done = new CountDownLatch(1);
      pool.execute(() -> {
        get(client, base, "research-execute");
        done.countDown();
      });
      done.await();
      pool.invokeAll(List.of(() -> get(client, base, "research-invokeall"))).get(0).get();
      scheduled.schedule(() -> get(client, base, "research-scheduled"), 10, TimeUnit.MILLISECONDS).get();
      ForkJoinPool.commonPool().submit(() -> get(client, base, "research-fjp")).get();
      CompletableFuture.supplyAsync(() -> get(client, base, "research-cf")).get();
      CompletableFuture.supplyAsync(() -> get(client, base, "research-cfexec"), stages).get();
      Thread t = new Thread(() -> get(client, base, "research-thread"));
      t.start();
      t.join();
      pool.invokeAny(List.of(() -> get(client, base, "research-invokeany")));
      // the supervisor's task, run on the worker's thread, is still the supervisor's
      supervisorsTask.run();
      if (Runtime.version().feature() >= 21) {
        // JDK 21+, called reflectively so the app still runs on 17
        ExecutorService virtual = (ExecutorService) Executors.class
            .getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        virtual.submit(() -> get(client, base, "research-virtual")).get();
        virtual.shutdown();
      }
      sendAsync(client, base, "hop-research", "research-redirect");
      sendAsync(client, base, "hop-admin", "admin-redirect");
      // a dependent stage the worker registers before the (slow) response: run by the client's
      // thread that completes the call, and still the worker's
      client.sendAsync(HttpRequest.newBuilder(URI.create(base + "/research-slow")).build(),
          HttpResponse.BodyHandlers.ofString()).thenApply(r -> get(client, base, "admin-chained")).get();
      later[0] = gate.thenApplyAsync(v -> get(client, base, "research-cfthen"), stages);
      return null;
    });
    pool.submit(() -> get(client, base, "admin-after-pool")).get();
    gate.complete("go");
    later[0].get();
    Thread t = new Thread(() -> get(client, base, "admin-after-thread"));
    t.start();
    t.join();
    ForkJoinPool.commonPool().submit(() -> get(client, base, "admin-after-fjp")).get();
    pool.shutdown();
    stages.shutdown();
    scheduled.shutdown();
    System.out.println("APP DONE");
  }

  private static String get(HttpClient client, String base, String id) {
    String line;
    try {
      HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + "/" + id)).build(),
          HttpResponse.BodyHandlers.ofString());
      line = id + " status=" + r.statusCode();
    } catch (Exception e) {
      line = id + " denied " + code(e);
    }
    System.out.println("RESULT " + line);
    return line;
  }

  private static void sendAsync(HttpClient client, String base, String path, String id) throws InterruptedException {
    try {
      HttpResponse<String> r = client.sendAsync(HttpRequest.newBuilder(URI.create(base + "/" + path)).build(),
          HttpResponse.BodyHandlers.ofString()).get();
      System.out.println("RESULT " + id + " status=" + r.statusCode() + " " + r.uri().getPath());
    } catch (ExecutionException e) {
      System.out.println("RESULT " + id + " denied " + code(e.getCause()));
    }
  }

  private static String code(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof Denial d) {
        return d.reasonCode();
      }
    }
    return e.getClass().getSimpleName();
  }
}
