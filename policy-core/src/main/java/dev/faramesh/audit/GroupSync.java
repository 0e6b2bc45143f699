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
 * or, if fewer than {@code maxInFlight} are running, starts one itself covering everything written so
 * far. Overlapping syncs hide device latency on disks that serve flushes in parallel.
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
     * Appenders parked until the next sync completes. They are unparked all at once outside the lock;
     * waking them through a condition would hand the lock from one to the next, one context switch each.
     * Guarded by {@code lock}.
     */
    private ArrayList<Thread> parked = new ArrayList<>();
    /** Guarded by {@code lock}. */
    private int inFlight;
    /** Guarded by {@code lock}. */
    private boolean closed;

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
                    // everything written so far rides on this sync
                    target = writtenSeq.getAsLong();
                    highestStarted = target;
                    inFlight++;
                    break;
                }
                parked.add(Thread.currentThread());
            } finally {
                lock.unlock();
            }
            LockSupport.park(this);
        }
        Throwable error = null;
        try {
            syncCount.incrementAndGet();
            ch.force(false);
        } catch (IOException | RuntimeException e) {
            error = e;
        }
        List<Thread> wake;
        lock.lock();
        try {
            idle.push(ch);
            inFlight--;
            if (error == null && failure == null) {
                if (target > published) {
                    published = target;
                }
            } else if (error != null && failure == null) {
                failure = error;
            }
            wake = takeParked();
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

    /** Holds {@code lock}. */
    private List<Thread> takeParked() {
        List<Thread> wake = parked;
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
