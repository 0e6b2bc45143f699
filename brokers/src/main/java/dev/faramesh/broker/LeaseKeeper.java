package dev.faramesh.broker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The dynamic leases the broker has issued and not yet ended. Whoever holds one revokes it when the
 * call is over; when its TTL runs out first, the keeper revokes the backend lease itself, from a timer
 * (one daemon thread, started with the first dynamic lease) and on every later lease, so no backend
 * lease outlives the credential's TTL. On close every outstanding one is revoked.
 */
final class LeaseKeeper {

  private final Clock clock;
  private final ThreadFactory threads;
  private final Consumer<Lease> revoker;
  private final PriorityQueue<Lease> byExpiry = new PriorityQueue<>((a, b) -> a.expires().compareTo(b.expires()));
  private ScheduledExecutorService timer;

  LeaseKeeper(Clock clock, ThreadFactory threads, Consumer<Lease> revoker) {
    this.clock = clock;
    this.threads = threads;
    this.revoker = revoker;
  }

  void track(Lease lease) {
    synchronized (byExpiry) {
      byExpiry.add(lease);
      if (timer == null) {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, threads);
        t.setRemoveOnCancelPolicy(true);
        timer = t;
      }
      long delay = Math.max(0, Duration.between(clock.instant(), lease.expires()).toMillis()) + 5;
      timer.schedule(this::reapExpired, delay, TimeUnit.MILLISECONDS);
    }
  }

  void forget(Lease lease) {
    synchronized (byExpiry) {
      byExpiry.remove(lease);
    }
  }

  int outstanding() {
    synchronized (byExpiry) {
      return byExpiry.size();
    }
  }

  /** Revokes every backend lease whose TTL has run out and that nobody revoked yet. */
  void reapExpired() {
    Instant now = clock.instant();
    List<Lease> due = new ArrayList<>();
    synchronized (byExpiry) {
      while (!byExpiry.isEmpty() && !now.isBefore(byExpiry.peek().expires())) {
        due.add(byExpiry.poll());
      }
    }
    for (Lease l : due) {
      if (l.markRevoked()) {
        revoker.accept(l);
      }
    }
  }

  /** Revokes everything still outstanding and stops the timer. */
  void close() {
    List<Lease> all;
    synchronized (byExpiry) {
      all = new ArrayList<>(byExpiry);
      byExpiry.clear();
      if (timer != null) {
        timer.shutdownNow();
        timer = null;
      }
    }
    for (Lease l : all) {
      if (l.markRevoked()) {
        revoker.accept(l);
      }
    }
  }
}
