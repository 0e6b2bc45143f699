package dev.faramesh.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.security.SecureRandom;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Appends DPRs to {@code <dir>/faramesh.wal}, one hash chain per agent, and returns only once the record
 * is on disk ({@code FileChannel.force}). Under one lock a record is chained onto its agent's tip, hashed
 * and written, so file order equals chain order; in {@link Durability#GROUP_COMMIT} mode the caller then
 * waits on a shared fsync ({@link GroupSync}) instead of issuing its own, so concurrent appends share
 * fsyncs, while {@link Durability#PER_RECORD} forces each record under the lock as the daemon does.
 *
 * <p>A failed write leaves no trace: the file is cut back to the last complete frame and the agent's tip
 * is not moved, so the next record links to the last durable one. A failed fsync is not recoverable in
 * place (the kernel may have dropped any unsynced page): every record not yet acknowledged fails, the
 * file is cut back to the last acknowledged frame and the writer refuses further appends; reopen to
 * continue from what is on disk. On open, the existing WAL (archives first) is scanned to recover tips
 * and lamport sequences; a torn tail is truncated and reported in {@link #recovery()}, damage followed by
 * intact frames makes {@code open} fail with {@link WalCorruptedException}.
 */
public final class DprWriter implements AutoCloseable {
    private static final int ZERO_CHUNK = 1 << 16;

    private final Path walFile;
    private final WriterOptions options;
    private final FileChannel channel;
    private final FileLock fileLock;
    private final boolean regularFile;
    private final RecoveryReport recovery;
    private final RecordSealer sealer;
    private final GroupSync groupSync;
    private final RecordIds recordIds = new RecordIds(new SecureRandom());
    /** Mapped zero-filled space frames are copied into; null where frames are written ({@code /dev/full}, no preallocation). */
    private final WalWindow window;

    private final ReentrantLock lock = new ReentrantLock();
    /** Chain tips, including records written but not yet synced. Guarded by {@code lock}. */
    private final Map<String, ChainTip> tips;
    /** End of the last complete frame. Guarded by {@code lock}. */
    private long logicalEnd;
    /** End of the zero-filled region ahead of {@code logicalEnd}. Guarded by {@code lock}. */
    private long allocatedEnd;
    /** Frames fully written since open; written under {@code lock}, read by syncs. */
    private volatile long writtenSeq;
    /**
     * End offset of recent frames by sequence number, so a failed fsync can cut the file back to the last
     * acknowledged frame. Each appender has at most one frame awaiting a sync, so the ring only needs to
     * exceed the number of concurrent appenders. Guarded by {@code lock}.
     */
    private final long[] frameEnds = new long[4096];
    /** Guarded by {@code lock}. */
    private boolean closing;
    /** Set when a failure could not be rolled back. Guarded by {@code lock}. */
    private Throwable broken;

    private DprWriter(Path walFile, WriterOptions options, FileChannel channel, FileLock fileLock,
                      WalRecovery.Result recovered) throws IOException {
        this.walFile = walFile;
        this.options = options;
        this.channel = channel;
        this.fileLock = fileLock;
        this.regularFile = Files.isRegularFile(walFile);
        this.recovery = recovered.report();
        this.sealer = new RecordSealer(options.canonicalization(), options.devMode());
        this.tips = new HashMap<>(recovered.tips());
        this.logicalEnd = recovery.validEnd();
        this.allocatedEnd = recovery.validEnd() + recovery.zeroFilledBytes();
        this.window = regularFile && options.preallocateBytes() > 0 ? new WalWindow(channel) : null;
        this.groupSync = options.durability() == Durability.GROUP_COMMIT
                ? new GroupSync(walFile, options.concurrentSyncs(), 0, () -> writtenSeq)
                : null;
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
        try {
            Files.createDirectories(dir);
            ch = FileChannel.open(wal, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock fl = Files.isRegularFile(wal) ? lockExclusively(ch, wal) : null;
            WalRecovery.Result recovered = WalRecovery.recover(dir, wal, ch);
            return new DprWriter(wal, options, ch, fl, recovered);
        } catch (IOException e) {
            closeQuietly(ch);
            throw new AuditWriteException("cannot open WAL " + wal + ": " + e, e);
        } catch (AuditWriteException | RuntimeException e) {
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
        String recordId = recordIds.next();
        RecordSealer.Sealed sealed;
        long seq;
        lock.lock();
        try {
            checkUsable();
            String agent = draft.agentId();
            if (agent.isEmpty()) {
                throw new AuditWriteException("a DPR needs an agent_id");
            }
            ChainTip tip = tips.computeIfAbsent(agent, ChainTip::genesis);
            try {
                sealed = sealer.seal(draft, recordId, tip);
            } catch (CanonicalizationException e) {
                throw new AuditWriteException("DPR cannot be canonicalized: " + e.getMessage(), e);
            }
            long end;
            try {
                ensureAllocated(logicalEnd + sealed.frameLength());
                if (window != null && window.put(sealed.frame(), sealed.frameLength(), logicalEnd, allocatedEnd)) {
                    end = logicalEnd + sealed.frameLength();
                } else {
                    end = writeFully(ByteBuffer.wrap(sealed.frame(), 0, sealed.frameLength()), logicalEnd);
                }
                if (groupSync == null) {
                    channel.force(false);
                }
            } catch (IOException | RuntimeException | InternalError e) {
                // InternalError: the JVM's report of a fault in a mapped page (SIGBUS)
                rollBackTo(logicalEnd, e);
                throw new AuditWriteException("DPR write to " + walFile + " failed: " + e, e);
            }
            logicalEnd = end;
            tips.put(agent, sealed.tip());
            seq = writtenSeq + 1;
            remember(seq, end);
            writtenSeq = seq;
        } finally {
            lock.unlock();
        }
        if (groupSync != null) {
            try {
                groupSync.awaitDurable(seq, walFile);
            } catch (AuditWriteException e) {
                cutBackAfterSyncFailure(e);
                throw e;
            }
        }
        return sealed.record();
    }

    private void checkUsable() throws AuditWriteException {
        if (closing) {
            throw new AuditWriteException("DPR writer for " + walFile + " is closed");
        }
        Throwable cause = broken != null ? broken : groupSync != null ? groupSync.failure() : null;
        if (cause != null) {
            throw new AuditWriteException("DPR writer for " + walFile + " is unusable after a failure that could not be"
                    + " rolled back (reopen it to continue from what is on disk): " + cause, cause);
        }
    }

    private long writeFully(ByteBuffer buf, long position) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            pos += channel.write(buf, pos);
        }
        return pos;
    }

    /** Zero-fills ahead of the write position so most fsyncs need not update the file size. Holds {@code lock}. */
    private void ensureAllocated(long needed) throws IOException {
        if (options.preallocateBytes() == 0 || needed <= allocatedEnd || !regularFile) {
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

    /** Cuts the file back to {@code end}; if that fails the writer is unusable. Holds {@code lock}. */
    private void rollBackTo(long end, Throwable cause) {
        dropWindow();
        try {
            channel.truncate(end);
            if (regularFile) {
                channel.force(true);
            }
            allocatedEnd = end;
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e);
            broken = cause;
        }
    }

    private void dropWindow() {
        if (window != null) {
            window.drop();
        }
    }

    private void remember(long seq, long end) {
        frameEnds[(int) (seq % frameEnds.length)] = end;
    }

    /**
     * After a failed fsync, removes every frame not acknowledged as durable so no record reported as
     * failed (and so denied) survives in the WAL, and marks the writer unusable.
     */
    private void cutBackAfterSyncFailure(AuditWriteException e) {
        lock.lock();
        try {
            if (broken != null) {
                return;
            }
            broken = e.getCause() != null ? e.getCause() : e;
            long published = groupSync.publishedSeq();
            boolean known = writtenSeq - published < frameEnds.length;
            long end = published == 0 ? recovery.validEnd() : known ? frameEnds[(int) (published % frameEnds.length)] : -1;
            if (end >= 0) {
                dropWindow();
                channel.truncate(end);
                logicalEnd = end;
            }
        } catch (IOException | RuntimeException suppressed) {
            e.addSuppressed(suppressed);
        } finally {
            lock.unlock();
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

    /** The current end of {@code agentId}'s chain: the hash its next record links to and the last lamport_seq. */
    public ChainTip tip(String agentId) {
        lock.lock();
        try {
            ChainTip tip = tips.get(agentId);
            return tip != null ? tip : ChainTip.genesis(agentId);
        } finally {
            lock.unlock();
        }
    }

    /** Number of fsyncs group commit has issued since open (0 in per-record mode); for tests and diagnostics. */
    long groupSyncCount() {
        return groupSync == null ? 0 : groupSync.syncCount();
    }

    /**
     * Makes everything appended durable, trims preallocated space, and closes the file. Appends racing
     * with close either complete or fail with {@link AuditWriteException}.
     */
    @Override
    public void close() throws AuditWriteException {
        lock.lock();
        try {
            if (closing) {
                return;
            }
            closing = true;
        } finally {
            lock.unlock();
        }
        try {
            if (groupSync != null) {
                groupSync.close(this::trimAndForce);
            } else {
                trimAndForce();
            }
        } catch (IOException e) {
            throw new AuditWriteException("closing WAL " + walFile + " failed: " + e, e);
        } finally {
            try {
                if (fileLock != null && fileLock.isValid()) {
                    fileLock.release();
                }
            } catch (IOException ignored) {
                // closing the channel releases the lock as well
            }
            closeQuietly(channel);
        }
    }

    private void trimAndForce() throws IOException {
        lock.lock();
        try {
            dropWindow();
            if (broken == null && regularFile) {
                channel.truncate(logicalEnd);
                channel.force(true);
            }
        } finally {
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
}
