package dev.faramesh.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that tests move by hand. Servers that issue leases, tokens or signed requests read time
 * only from a clock they are given, so a test can let a lease expire or skew a signature's date
 * without sleeping. It starts at the current system time and never moves on its own.
 */
public final class TestClock extends Clock {
    private final AtomicReference<Instant> now;

    public TestClock() {
        this(Instant.now());
    }

    public TestClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    /** Moves the clock forward (or back, with a negative duration). */
    public void advance(Duration by) {
        now.updateAndGet(t -> t.plus(by));
    }

    public void set(Instant instant) {
        now.set(instant);
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        // Time zones do not matter to the servers; every timestamp they emit is UTC.
        return this;
    }
}
