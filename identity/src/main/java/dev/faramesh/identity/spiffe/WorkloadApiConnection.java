package dev.faramesh.identity.spiffe;

import dev.faramesh.identity.IdentityException;
import dev.faramesh.policy.ReasonCodes;
import io.spiffe.bundle.jwtbundle.JwtBundleSet;
import io.spiffe.exception.JwtSvidException;
import io.spiffe.exception.SocketEndpointAddressException;
import io.spiffe.spiffeid.SpiffeId;
import io.spiffe.svid.jwtsvid.JwtSvid;
import io.spiffe.workloadapi.Address;
import io.spiffe.workloadapi.DefaultWorkloadApiClient;
import io.spiffe.workloadapi.Watcher;
import io.spiffe.workloadapi.WorkloadApiClient;
import io.spiffe.workloadapi.X509Context;
import io.spiffe.workloadapi.retry.ExponentialBackoffPolicy;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One connection to the SPIFFE Workload API through java-spiffe: it watches the X.509 context
 * (SVIDs and bundles) and, when asked, the JWT bundles, keeps the latest of each, and counts every
 * update in {@link #revision()} so a rotation pushed on the open stream reaches the next decision.
 * A broken stream or a missing socket is retried here, on a daemon thread with backoff (java-spiffe's
 * own retries run on a non-daemon thread that would keep the application's JVM alive), while the
 * last SVID received stays usable until it expires. Every thread is a daemon.
 */
public final class WorkloadApiConnection implements AutoCloseable {

  private static final long MAX_BACKOFF_MILLIS = 5_000;
  /** Strong references: java.util.logging keeps loggers weakly, and a collected one forgets its level. */
  private static final Logger[] QUIET = quietLibraryLogging();

  private final String address;
  private final Path socket;
  private final WorkloadApiClient client;
  private final ExecutorService threads;
  private final ScheduledExecutorService reconnects;
  private final AtomicLong revision = new AtomicLong();
  private final CountDownLatch firstX509 = new CountDownLatch(1);
  private final CountDownLatch firstJwtBundles = new CountDownLatch(1);
  private volatile X509Context x509;
  private volatile JwtBundleSet jwtBundles;
  private volatile String lastError;
  private volatile boolean closed;

  private WorkloadApiConnection(String address, Path socket, WorkloadApiClient client, ExecutorService threads,
      ScheduledExecutorService reconnects) {
    this.address = address;
    this.socket = socket;
    this.client = client;
    this.threads = threads;
    this.reconnects = reconnects;
  }

  /**
   * Connects to {@code address} ({@code unix:/path}, a bare socket path, or {@code tcp://ip:port})
   * and starts watching; returns at once, the first SVID arrives asynchronously.
   */
  public static WorkloadApiConnection open(String address, boolean watchX509, boolean watchJwtBundles)
      throws IdentityException {
    String normalized = address.startsWith("/") ? "unix:" + address : address;
    URI uri;
    try {
      uri = Address.parseAddress(normalized);
    } catch (SocketEndpointAddressException | RuntimeException e) {
      throw IdentityException.misconfigured("socket = \"" + address + "\" is not a Workload API address; write "
          + "unix:/path/to/agent.sock or tcp://127.0.0.1:8081");
    }
    Path socket = "unix".equals(uri.getScheme()) ? Path.of(uri.getPath()) : null;
    ExecutorService threads = Executors.newCachedThreadPool(daemons("faramesh-spiffe"));
    ScheduledExecutorService reconnects = Executors.newSingleThreadScheduledExecutor(daemons("faramesh-spiffe-retry"));
    WorkloadApiClient client;
    try {
      client = DefaultWorkloadApiClient.newClient(DefaultWorkloadApiClient.ClientOptions.builder()
          .spiffeSocketPath(normalized)
          .executorService(threads)
          // -1: java-spiffe does not retry (its retry thread is not a daemon); this class does
          .exponentialBackoffPolicy(new ExponentialBackoffPolicy(Duration.ofMillis(250),
              Duration.ofMillis(MAX_BACKOFF_MILLIS), -1, 2))
          .build());
    } catch (SocketEndpointAddressException | RuntimeException e) {
      threads.shutdownNow();
      reconnects.shutdownNow();
      throw IdentityException.misconfigured("cannot use the Workload API at " + address + ": " + e.getMessage());
    }
    WorkloadApiConnection c = new WorkloadApiConnection(normalized, socket, client, threads, reconnects);
    if (watchX509) {
      c.watchX509(new Backoff());
    }
    if (watchJwtBundles) {
      c.watchJwtBundles(new Backoff());
    }
    return c;
  }

  public String address() {
    return address;
  }

  /** Changes with every update received. */
  public long revision() {
    return revision.get();
  }

  /** The latest X.509 context, waiting up to {@code wait} for the first one; {@code null} if none yet. */
  public X509Context x509(Duration wait) {
    await(firstX509, wait);
    return x509;
  }

  /** The latest JWT bundles, waiting up to {@code wait} for the first ones; {@code null} if none yet. */
  public JwtBundleSet jwtBundles(Duration wait) {
    await(firstJwtBundles, wait);
    return jwtBundles;
  }

  /** Why nothing was received: the socket is missing, refused, or the last error the API returned. */
  public IdentityException unavailable(String what) {
    String why;
    if (socket != null && !Files.exists(socket)) {
      why = "the socket " + socket + " does not exist";
    } else {
      why = lastError == null ? "no answer yet" : lastError;
    }
    return IdentityException.of(ReasonCodes.IDENTITY_PROVIDER_UNAVAILABLE, "no " + what + " from the SPIFFE "
        + "Workload API at " + address + ": " + why);
  }

  /**
   * A JWT-SVID for {@code audience} ({@code subject} null: the workload's default identity), as
   * the Workload API serves it now; unverified (the caller checks it against the JWT bundles).
   */
  public String fetchJwtSvid(String subject, String audience, Duration timeout) throws IdentityException {
    Future<JwtSvid> call = threads.submit(() -> subject == null ? client.fetchJwtSvid(audience)
        : client.fetchJwtSvid(SpiffeId.parse(subject), audience));
    try {
      return call.get(timeout.toMillis(), TimeUnit.MILLISECONDS).getToken();
    } catch (TimeoutException e) {
      call.cancel(true);
      throw IdentityException.of(ReasonCodes.IDENTITY_PROVIDER_UNAVAILABLE, "the SPIFFE Workload API at " + address
          + " did not answer FetchJWTSVID within " + timeout.toMillis() + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw IdentityException.of(ReasonCodes.IDENTITY_PROVIDER_UNAVAILABLE, "interrupted while fetching a JWT-SVID");
    } catch (ExecutionException e) {
      throw jwtSvidFailure(e.getCause());
    }
  }

  private IdentityException jwtSvidFailure(Throwable t) {
    // java-spiffe checks expiry and audience of what it fetched before handing it out
    for (Throwable c = t; c != null && c.getCause() != c; c = c.getCause()) {
      String message = c.getMessage() == null ? "" : c.getMessage();
      if (c instanceof JwtSvidException && message.contains("expired")) {
        return IdentityException.of(ReasonCodes.IDENTITY_EXPIRED, "the Workload API served an expired JWT-SVID");
      }
      if (c instanceof JwtSvidException && message.contains("audience")) {
        return IdentityException.of(ReasonCodes.IDENTITY_WRONG_AUDIENCE, "the Workload API served a JWT-SVID for "
            + "another audience: " + message);
      }
    }
    if (socket != null && !Files.exists(socket)) {
      return unavailable("JWT-SVID");
    }
    return new IdentityException(ReasonCodes.IDENTITY_PROVIDER_UNAVAILABLE, "FetchJWTSVID at " + address
        + " failed: " + rootMessage(t), t);
  }

  private void watchX509(Backoff backoff) {
    if (closed) {
      return;
    }
    client.watchX509Context(new Watcher<X509Context>() {
      @Override
      public void onUpdate(X509Context update) {
        x509 = update;
        revision.incrementAndGet();
        backoff.reset();
        firstX509.countDown();
      }

      @Override
      public void onError(Throwable error) {
        lastError = rootMessage(error);
        reconnect(() -> watchX509(backoff), backoff);
      }
    });
  }

  private void watchJwtBundles(Backoff backoff) {
    if (closed) {
      return;
    }
    client.watchJwtBundles(new Watcher<JwtBundleSet>() {
      @Override
      public void onUpdate(JwtBundleSet update) {
        jwtBundles = update;
        revision.incrementAndGet();
        backoff.reset();
        firstJwtBundles.countDown();
      }

      @Override
      public void onError(Throwable error) {
        lastError = rootMessage(error);
        reconnect(() -> watchJwtBundles(backoff), backoff);
      }
    });
  }

  private void reconnect(Runnable watch, Backoff backoff) {
    if (!closed) {
      try {
        reconnects.schedule(watch, backoff.next(), TimeUnit.MILLISECONDS);
      } catch (RuntimeException e) {
        // shutting down
      }
    }
  }

  private static void await(CountDownLatch latch, Duration wait) {
    if (wait.isZero() || wait.isNegative()) {
      return;
    }
    try {
      latch.await(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return (t == root ? "" : t.getClass().getSimpleName() + ": ") + m;
  }

  private static ThreadFactory daemons(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * java-spiffe and gRPC log every stream error at SEVERE, with a stack trace, on the application's
   * stderr; this class reports the error where it matters (the denial's reason) instead.
   */
  private static Logger[] quietLibraryLogging() {
    String spiffe = packageRoot(DefaultWorkloadApiClient.class.getName(), ".workloadapi.DefaultWorkloadApiClient");
    String grpc = packageRoot(io.grpc.Status.class.getName(), ".Status");
    Logger[] loggers = {Logger.getLogger(spiffe), Logger.getLogger(grpc)};
    for (Logger l : loggers) {
      l.setLevel(Level.OFF);
    }
    return loggers;
  }

  /** The library's root package as it is named at run time (relocated inside faramesh.jar). */
  private static String packageRoot(String className, String suffix) {
    return className.endsWith(suffix) ? className.substring(0, className.length() - suffix.length()) : className;
  }

  @Override
  public void close() {
    closed = true;
    reconnects.shutdownNow();
    try {
      client.close();
    } catch (java.io.IOException | RuntimeException ignored) {
      // already broken: nothing to release
    }
    threads.shutdownNow();
  }

  /** Delays between reconnection attempts: 250 ms doubling to 5 s, back to 250 ms after an update. */
  private static final class Backoff {
    private long next = 250;

    synchronized long next() {
      long d = next;
      next = Math.min(MAX_BACKOFF_MILLIS, next * 2);
      return d;
    }

    synchronized void reset() {
      next = 250;
    }
  }
}
