package dev.faramesh.audit;

import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes {@code record_id}s: version 4 (random) UUIDs whose bits come from a SplitMix64 sequence seeded
 * once per writer from {@link SecureRandom}. Two ids of one writer never share their 64-bit halves
 * before the version bits are set (the sequence is a bijection of a counter), ids of different writers
 * collide no more often than random UUIDs do, and an id costs a few nanoseconds, where
 * {@link UUID#randomUUID()} takes a lock and reads the kernel's random device for each one. Record ids
 * name records; they guard nothing (the chain rests on hashes), so they need not be unpredictable.
 */
final class RecordIds {
    private static final long GAMMA = 0x9E3779B97F4A7C15L;

    private final AtomicLong state;

    RecordIds(SecureRandom seed) {
        this.state = new AtomicLong(seed.nextLong());
    }

    String next() {
        long s = state.getAndAdd(2 * GAMMA);
        long msb = (mix(s + GAMMA) & ~0xF000L) | 0x4000L;
        long lsb = (mix(s + 2 * GAMMA) & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }

    /** SplitMix64's finalizer (Steele, Lea, Flood 2014), a bijection on 64-bit values. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
