package dev.faramesh.testkit.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits for a condition that another thread makes true (a pushed rotation, a reconnect), polling
 * every 10 ms, and reports how long it took so tests can assert on the latency.
 */
public final class Poll {

    private Poll() {
    }

    /** Returns the time until {@code condition} held; throws AssertionError after {@code limit}. */
    public static Duration until(Duration limit, BooleanSupplier condition) {
        long start = System.nanoTime();
        long deadline = start + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + limit);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting", e);
            }
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
