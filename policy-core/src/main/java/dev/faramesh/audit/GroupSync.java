package dev.faramesh.audit;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The group-commit barrier: a record numbered {@code seq} is durable once an fsync that started after it
 * was written has succeeded. A waiting appender either rides on a sync already in flight that covers it,
 * or, if fewer than {@code maxInFlight} are running, leads one itself covering everything written so far.
 *
 * <p>Appenders released by a sync usually come straight back with their next record. A leader whose
 * fsyncs are slow therefore waits a moment (yielding the CPU, at most half an fsync and
 * {@link #MAX_GATHER_NANOS}) until as many records are pending as the last sync released, so one fsync
 * carries all of them instead of the first few. If they do not come (callers with their own pauses), the
 * next {@link #GATHER_BACKOFF} syncs start at once, so such callers pay for a missed gather rarely. Fast
 * fsyncs (tmpfs) are never delayed. Only the waiters a finished sync covers are woken, plus one waiter to
 * lead the next sync if no sync in flight covers it.
 *
 * <p>Each concurrent sync uses its own file descriptor: Linux reports a writeback error to every
 * descriptor of the file at its next fsync, so a success on one descriptor proves no write failed since
 * that descriptor's previous (successful) fsync, whatever other syncs saw. The first failed fsync
 * poisons the barrier: every record not yet published as durable fails.
 */
final class GroupSync {
    /** Runs once no sync is in flight, while none can start; makes everything written durable. */
    interface FinalSync {
        void run() throws IOException;
    }

    /** Upper bound of one gather, whatever the fsync latency. */
    static final long MAX_GATHER_NANOS = 100_000;
    /** fsyncs faster than this are not worth waiting for company. */
    static final long GATHER_MIN_SYNC_NANOS = 40_000;
    /** Syncs that start at once after a gather timed out. */
    static final int GATHER_BACKOFF = 16;

    /** An appender parked until a sync covers its record. */
    private static final class Waiter {
        final Thread thread = Thread.currentThread();
        final long seq;

        Waiter(long seq) {
            this.seq = seq;
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final List<FileChannel> channels = new ArrayList<>();
    private final ArrayDeque<FileChannel> idle = new ArrayDeque<>();
    private final LongSupplier writtenSeq;
    private final AtomicLong syncCount = new AtomicLong();
    private volatile long published;
    private volatile Throwable failure;
    /** Guarded by {@code lock}. */
    private long highestStarted;
    /**
     * Appenders parked until a sync covers them. They are unparked outside the lock; waking them through a
     * condition would hand the lock from one to the next, one context switch each. Guarded by {@code lock}.
     */
    private ArrayList<Waiter> parked = new ArrayList<>();
    /** Guarded by {@code lock}. */
    private int inFlight;
    /** Guarded by {@code lock}. */
    private boolean closed;
    /** Appenders the last finished sync released, its leader included. Guarded by {@code lock}. */
    private int lastReleased = 1;
    /** Moving average of fsync latency. Guarded by {@code lock}. */
    private long syncNanos;
    /** Syncs left that start without gathering. Guarded by {@code lock}. */
    private int gatherBackoff;

    GroupSync(Path file, int maxInFlight, long alreadyDurableSeq, LongSupplier writtenSeq) throws IOException {
        this.writtenSeq = writtenSeq;
        this.published = alreadyDurableSeq;
        this.highestStarted = alreadyDurableSeq;
        try {
            for (int i = 0; i < maxInFlight; i++) {
                FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
                channels.add(ch);
                idle.add(ch);
            }
        } catch (IOException e) {
            closeChannels();
            throw e;
        }
    }

    /** The first fsync failure, or null. */
    Throwable failure() {
        return failure;
    }

    long publishedSeq() {
        return published;
    }

    /** Number of fsyncs issued, for tests and diagnostics. */
    long syncCount() {
        return syncCount.get();
    }

    /** Returns once record {@code seq} (already written) is durable. */
    void awaitDurable(long seq, Path wal) throws AuditWriteException {
        if (published >= seq) {
            return;
        }
        FileChannel ch;
        long target;
        while (true) {
            if (published >= seq) {
                return;
            }
            lock.lock();
            try {
                if (published >= seq) {
                    return;
                }
                if (failure != null) {
                    throw new AuditWriteException("fsync of WAL " + wal + " failed; record not durable: " + failure, failure);
                }
                if (closed) {
                    throw new AuditWriteException("WAL " + wal + " was closed before the record was synced");
                }
                if (highestStarted < seq && !idle.isEmpty()) {
                    ch = idle.poll();
                    inFlight++;
                    gather();
                    // everything written so far rides on this sync
                    target = writtenSeq.getAsLong();
                    highestStarted = target;
                    break;
                }
                parked.add(new Waiter(seq));
            } finally {
                lock.unlock();
            }
            LockSupport.park(this);
        }
        Throwable error = null;
        long started = System.nanoTime();
        try {
            syncCount.incrementAndGet();
            ch.force(false);
        } catch (IOException | RuntimeException e) {
            error = e;
        }
        long took = System.nanoTime() - started;
        List<Thread> wake = new ArrayList<>();
        lock.lock();
        try {
            idle.push(ch);
            inFlight--;
            syncNanos = syncNanos == 0 ? took : (syncNanos * 7 + took) / 8;
            if (error == null && failure == null) {
                if (target > published) {
                    published = target;
                }
            } else if (error != null && failure == null) {
                failure = error;
            }
            takeCovered(wake);
            lastReleased = wake.size() + 1;
            wakeNextLeader(wake);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        wake.forEach(LockSupport::unpark);
        if (error != null || published < seq) {
            Throwable cause = error != null ? error : failure;
            throw new AuditWriteException("fsync of WAL " + wal + " failed; record not durable: " + cause, cause);
        }
    }

    /**
     * Lets the appenders the last sync released write their next records before this sync starts, while
     * that is likely to pay. Holds {@code lock} on entry and exit, releases it while waiting.
     */
    private void gather() {
        int expected = lastReleased;
        if (expected <= 1 || syncNanos < GATHER_MIN_SYNC_NANOS) {
            return;
        }
        if (gatherBackoff > 0) {
            gatherBackoff--;
            return;
        }
        long limit = Math.min(MAX_GATHER_NANOS, syncNanos / 2);
        long base = published;
        lock.unlock();
        boolean complete;
        try {
            long deadline = System.nanoTime() + limit;
            // yield rather than spin: the appenders being waited for need this CPU to write their records
            while (!(complete = writtenSeq.getAsLong() - base >= expected) && System.nanoTime() < deadline) {
                Thread.yield();
            }
        } finally {
            lock.lock();
        }
        if (!complete) {
            gatherBackoff = GATHER_BACKOFF;
        }
    }

    /** Moves the waiters whose records are durable (all of them after a failure) into {@code wake}. Holds {@code lock}. */
    private void takeCovered(List<Thread> wake) {
        ArrayList<Waiter> still = new ArrayList<>(parked.size());
        for (Waiter w : parked) {
            if (w.seq <= published || failure != null || closed) {
                wake.add(w.thread);
            } else {
                still.add(w);
            }
        }
        parked = still;
    }

    /** Wakes the waiter with the lowest record beyond every sync in flight, so it leads the next one. Holds {@code lock}. */
    private void wakeNextLeader(List<Thread> wake) {
        Waiter next = null;
        for (Waiter w : parked) {
            if (w.seq > highestStarted && (next == null || w.seq < next.seq)) {
                next = w;
            }
        }
        if (next != null) {
            parked.remove(next);
            wake.add(next.thread);
        }
    }

    /** Holds {@code lock}. */
    private List<Thread> takeParked() {
        List<Thread> wake = new ArrayList<>(parked.size());
        parked.forEach(w -> wake.add(w.thread));
        parked = new ArrayList<>();
        return wake;
    }

    /**
     * Waits for syncs in flight, then runs {@code finalSync} and publishes everything written as durable;
     * no sync starts afterwards.
     */
    void close(FinalSync finalSync) throws IOException {
        lock.lock();
        try {
            while (inFlight > 0) {
                changed.awaitUninterruptibly();
            }
            closed = true;
            try {
                if (failure == null) {
                    finalSync.run();
                    published = Math.max(published, writtenSeq.getAsLong());
                }
            } catch (IOException | RuntimeException e) {
                failure = e;
                throw e;
            } finally {
                changed.signalAll();
                takeParked().forEach(LockSupport::unpark);
                closeChannels();
            }
        } finally {
            lock.unlock();
        }
    }

    private void closeChannels() {
        for (FileChannel ch : channels) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // closing a descriptor used only for fsync cannot lose data
            }
        }
    }
}
