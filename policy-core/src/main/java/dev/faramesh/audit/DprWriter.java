package dev.faramesh.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Appends DPRs to {@code <dir>/faramesh.wal}, one hash chain per agent, and returns only once the record
 * is on disk ({@code FileChannel.force}). In {@link Durability#GROUP_COMMIT} mode a single writer thread
 * drains everything queued since its last fsync, writes it in one call and forces once, then releases all
 * those callers; chaining happens under a lock at enqueue time so file order equals chain order.
 *
 * <p>A failed write fails that batch and everything queued behind it (they were chained onto it), rolls
 * every agent's tip back to its last durable record and truncates the file to the last durable frame, so
 * no half-linked chain survives in memory or on disk; if even that rollback fails the writer refuses all
 * further appends. On open, the existing WAL (archives first) is scanned to recover tips and lamport
 * sequences; a torn tail is truncated and reported in {@link #recovery()}, damage before intact frames
 * makes {@code open} fail with {@link WalCorruptedException}.
 */
public final class DprWriter implements AutoCloseable {
    private static final int ZERO_CHUNK = 1 << 16;

    private final Path walFile;
    private final WriterOptions options;
    private final FileChannel channel;
    private final FileLock fileLock;
    private final RecoveryReport recovery;
    private final RecordSealer sealer;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition workQueued = lock.newCondition();
    /** Chain tips including queued records. Guarded by {@code lock}. */
    private final Map<String, ChainTip> tips;
    /** Guarded by {@code lock}. */
    private ArrayList<Pending> queue = new ArrayList<>();
    /** Guarded by {@code lock}. */
    private boolean closing;
    /** Set when a failed write could not be rolled back. Guarded by {@code lock}. */
    private Throwable broken;

    /** Tips of records known to be on disk. Owned by the writer thread (or the lock holder in PER_RECORD). */
    private final Map<String, ChainTip> durableTips;
    private long logicalEnd;
    private long allocatedEnd;
    private ByteBuffer batchBuffer = ByteBuffer.allocateDirect(1 << 16);
    private final Thread writerThread;

    private DprWriter(Path walFile, WriterOptions options, FileChannel channel, FileLock fileLock,
                      WalRecovery.Result recovered) {
        this.walFile = walFile;
        this.options = options;
        this.channel = channel;
        this.fileLock = fileLock;
        this.recovery = recovered.report();
        this.sealer = new RecordSealer(options.canonicalization());
        this.tips = new HashMap<>(recovered.tips());
        this.durableTips = new HashMap<>(recovered.tips());
        this.logicalEnd = recovered.report().validEnd();
        this.allocatedEnd = recovered.report().validEnd() + recovered.report().zeroFilledBytes();
        if (options.durability() == Durability.GROUP_COMMIT) {
            writerThread = new Thread(this::runWriter, "faramesh-dpr-writer");
            writerThread.setDaemon(true);
            writerThread.start();
        } else {
            writerThread = null;
        }
    }

    public static DprWriter open(Path dir) throws AuditWriteException {
        return open(dir, WriterOptions.defaults());
    }

    /**
     * Opens (creating if needed) the WAL in {@code dir}, recovering chain tips from it.
     *
     * @throws WalCorruptedException if the WAL is damaged anywhere but at its tail
     * @throws AuditWriteException   if it cannot be opened, locked or repaired
     */
    public static DprWriter open(Path dir, WriterOptions options) throws AuditWriteException {
        Objects.requireNonNull(options, "options");
        Path wal = dir.resolve(WalFormat.LIVE_FILE);
        FileChannel ch = null;
        FileLock fl = null;
        try {
            Files.createDirectories(dir);
            ch = FileChannel.open(wal, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            if (Files.isRegularFile(wal)) {
                fl = lockExclusively(ch, wal);
            }
            WalRecovery.Result recovered = WalRecovery.recover(dir, wal, ch);
            return new DprWriter(wal, options, ch, fl, recovered);
        } catch (IOException e) {
            closeQuietly(ch);
            throw new AuditWriteException("cannot open WAL " + wal + ": " + e, e);
        } catch (AuditWriteException e) {
            closeQuietly(ch);
            throw e;
        }
    }

    private static FileLock lockExclusively(FileChannel ch, Path wal) throws IOException, AuditWriteException {
        try {
            FileLock fl = ch.tryLock();
            if (fl == null) {
                throw new AuditWriteException("WAL " + wal + " is locked by another writer");
            }
            return fl;
        } catch (OverlappingFileLockException e) {
            throw new AuditWriteException("WAL " + wal + " is already open for writing in this JVM");
        }
    }

    /**
     * Appends a draft record (from {@link DprRecord#builder()}) to its agent's chain and returns the sealed
     * record once it is durable.
     *
     * @throws AuditWriteException if the record is not durable; the decision must then be DENY
     */
    public DprRecord append(DprRecord draft) throws AuditWriteException {
        Objects.requireNonNull(draft, "draft");
        String recordId = UUID.randomUUID().toString();
        if (writerThread == null) {
            return appendAndForce(draft, recordId);
        }
        Pending pending;
        lock.lock();
        try {
            checkUsable();
            String agent = draft.agentId();
            RecordSealer.Sealed sealed = seal(draft, recordId, agent);
            tips.put(agent, sealed.tip());
            pending = new Pending(sealed, agent, Thread.currentThread());
            queue.add(pending);
            if (queue.size() == 1) {
                workQueued.signal();
            }
        } finally {
            lock.unlock();
        }
        pending.awaitDurable();
        return pending.sealed.record();
    }

    private RecordSealer.Sealed seal(DprRecord draft, String recordId, String agent) throws AuditWriteException {
        if (agent.isEmpty()) {
            throw new AuditWriteException("a DPR needs an agent_id");
        }
        ChainTip tip = tips.computeIfAbsent(agent, ChainTip::genesis);
        try {
            return sealer.seal(draft, recordId, tip);
        } catch (CanonicalizationException e) {
            throw new AuditWriteException("DPR cannot be canonicalized: " + e.getMessage(), e);
        }
    }

    /** {@link Durability#PER_RECORD}: write and force under the lock, commit the tip only on success. */
    private DprRecord appendAndForce(DprRecord draft, String recordId) throws AuditWriteException {
        lock.lock();
        try {
            checkUsable();
            String agent = draft.agentId();
            RecordSealer.Sealed sealed = seal(draft, recordId, agent);
            try {
                byte[] frame = sealed.frame();
                ensureAllocated(logicalEnd + frame.length);
                long end = writeFully(ByteBuffer.wrap(frame), logicalEnd);
                channel.force(false);
                logicalEnd = end;
            } catch (IOException | RuntimeException e) {
                rollBackFile(e);
                throw new AuditWriteException("DPR write to " + walFile + " failed: " + e, e);
            }
            tips.put(agent, sealed.tip());
            durableTips.put(agent, sealed.tip());
            return sealed.record();
        } finally {
            lock.unlock();
        }
    }

    private void checkUsable() throws AuditWriteException {
        if (closing) {
            throw new AuditWriteException("DPR writer for " + walFile + " is closed");
        }
        if (broken != null) {
            throw new AuditWriteException("DPR writer for " + walFile + " is unusable after a write failure that could not be rolled back: "
                    + broken, broken);
        }
    }

    private void runWriter() {
        while (true) {
            ArrayList<Pending> batch;
            lock.lock();
            try {
                while (queue.isEmpty() && !closing) {
                    workQueued.awaitUninterruptibly();
                }
                if (queue.isEmpty()) {
                    return;
                }
                batch = queue;
                queue = new ArrayList<>(Math.max(16, batch.size()));
            } finally {
                lock.unlock();
            }
            try {
                writeBatch(batch);
            } catch (Throwable t) {
                failBatch(batch, t);
                continue;
            }
            for (Pending p : batch) {
                durableTips.put(p.agent, p.sealed.tip());
            }
            for (Pending p : batch) {
                p.complete();
            }
        }
    }

    private void writeBatch(List<Pending> batch) throws IOException {
        int total = 0;
        for (Pending p : batch) {
            total += p.sealed.frame().length;
        }
        if (batchBuffer.capacity() < total) {
            batchBuffer = ByteBuffer.allocateDirect(Math.max(total, batchBuffer.capacity() * 2));
        }
        batchBuffer.clear();
        for (Pending p : batch) {
            batchBuffer.put(p.sealed.frame());
        }
        batchBuffer.flip();
        ensureAllocated(logicalEnd + total);
        long end = writeFully(batchBuffer, logicalEnd);
        channel.force(false);
        logicalEnd = end;
    }

    private long writeFully(ByteBuffer buf, long position) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            pos += channel.write(buf, pos);
        }
        return pos;
    }

    /** Zero-fills ahead of the write position so most fsyncs need not update the file size. */
    private void ensureAllocated(long needed) throws IOException {
        if (options.preallocateBytes() == 0 || needed <= allocatedEnd) {
            return;
        }
        long from = Math.max(allocatedEnd, logicalEnd);
        long to = needed + options.preallocateBytes();
        ByteBuffer zeros = ByteBuffer.allocate(ZERO_CHUNK);
        for (long pos = from; pos < to; ) {
            zeros.clear();
            zeros.limit((int) Math.min(ZERO_CHUNK, to - pos));
            pos = writeFully(zeros, pos);
        }
        allocatedEnd = to;
    }

    private void failBatch(List<Pending> batch, Throwable cause) {
        List<Pending> failed = new ArrayList<>(batch);
        lock.lock();
        try {
            // Everything queued behind the batch was chained onto it: fail it too, then rewind the chains.
            failed.addAll(queue);
            queue = new ArrayList<>();
            tips.clear();
            tips.putAll(durableTips);
            rollBackFile(cause);
            if (cause instanceof Error) {
                broken = cause;
            }
        } finally {
            lock.unlock();
        }
        for (Pending p : failed) {
            p.fail(cause);
        }
    }

    /** Cuts the file back to the last durable frame; if that fails, the writer is unusable. Holds {@code lock}. */
    private void rollBackFile(Throwable cause) {
        try {
            channel.truncate(logicalEnd);
            channel.force(true);
            allocatedEnd = logicalEnd;
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e);
            broken = cause;
        }
    }

    /** What opening found in the existing WAL. */
    public RecoveryReport recovery() {
        return recovery;
    }

    public Path walFile() {
        return walFile;
    }

    public WriterOptions options() {
        return options;
    }

    /** The current end of {@code agentId}'s chain, counting records still being written. */
    public ChainTip tip(String agentId) {
        lock.lock();
        try {
            ChainTip tip = tips.get(agentId);
            return tip != null ? tip : ChainTip.genesis(agentId);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Writes everything still queued, trims preallocated space, forces and closes the file. Appends after
     * (or racing with) close fail with {@link AuditWriteException}.
     */
    @Override
    public void close() throws AuditWriteException {
        lock.lock();
        try {
            if (closing) {
                return;
            }
            closing = true;
            workQueued.signalAll();
        } finally {
            lock.unlock();
        }
        if (writerThread != null) {
            boolean interrupted = false;
            while (writerThread.isAlive()) {
                try {
                    writerThread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        lock.lock();
        try {
            if (broken == null && Files.isRegularFile(walFile)) {
                channel.truncate(logicalEnd);
                channel.force(true);
            }
        } catch (IOException e) {
            throw new AuditWriteException("closing WAL " + walFile + " failed: " + e, e);
        } finally {
            try {
                if (fileLock != null && fileLock.isValid()) {
                    fileLock.release();
                }
            } catch (IOException ignored) {
                // the channel close below releases it anyway
            }
            closeQuietly(channel);
            lock.unlock();
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing more can be done about a failed close
            }
        }
    }

    /** One append waiting for its batch to be forced. */
    private final class Pending {
        private static final int WAITING = 0;
        private static final int DURABLE = 1;
        private static final int FAILED = 2;

        final RecordSealer.Sealed sealed;
        final String agent;
        final Thread waiter;
        private Throwable failure;
        private volatile int state = WAITING;

        Pending(RecordSealer.Sealed sealed, String agent, Thread waiter) {
            this.sealed = sealed;
            this.agent = agent;
            this.waiter = waiter;
        }

        void complete() {
            state = DURABLE;
            LockSupport.unpark(waiter);
        }

        void fail(Throwable cause) {
            failure = cause;
            state = FAILED;
            LockSupport.unpark(waiter);
        }

        /** Waits without giving up on interrupt: the record may still be written, and the caller must know. */
        void awaitDurable() throws AuditWriteException {
            boolean interrupted = false;
            while (state == WAITING) {
                LockSupport.park(this);
                if (Thread.interrupted()) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (state == FAILED) {
                throw new AuditWriteException("DPR write to " + walFile + " failed: " + failure, failure);
            }
        }
    }
}
