package dev.faramesh.policy.engine;

import dev.faramesh.policy.Glob;
import dev.faramesh.policy.SourceRef;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code rate_limit stripe/*: 10 per minute}: a fixed window per verified identity and pattern.
 * Only permitted calls count. A call over the limit is denied with the seconds until the window
 * resets, so callers can back off instead of hammering.
 */
public final class RateLimit {

  private final Glob pattern;
  private final long limit;
  private final long windowMillis;
  private final SourceRef ref;
  private final ConcurrentHashMap<String, long[]> windows = new ConcurrentHashMap<>();

  public RateLimit(Glob pattern, long limit, long windowMillis, SourceRef ref) {
    this.pattern = pattern;
    this.limit = limit;
    this.windowMillis = windowMillis;
    this.ref = ref;
  }

  public boolean covers(String toolId) {
    return pattern.matches(toolId);
  }

  /** Counts one call; returns 0 when allowed, otherwise the milliseconds until a retry may pass. */
  public long tryAcquire(String identity, long now) {
    long[] w = windows.computeIfAbsent(identity, k -> new long[] {now, 0});
    synchronized (w) {
      if (now - w[0] >= windowMillis) {
        w[0] = now;
        w[1] = 0;
      }
      if (w[1] >= limit) {
        return Math.max(1, w[0] + windowMillis - now);
      }
      w[1]++;
      return 0;
    }
  }

  /** Gives back a call counted by {@link #tryAcquire} that did not go ahead. */
  public void release(String identity) {
    long[] w = windows.get(identity);
    if (w != null) {
      synchronized (w) {
        if (w[1] > 0) {
          w[1]--;
        }
      }
    }
  }

  public String describe() {
    return "rate_limit " + pattern.pattern() + ": " + limit + " per " + (windowMillis / 1000) + "s at " + ref;
  }
}
