package dev.faramesh.audit;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A memory mapping of the WAL's zero-filled space ahead of the write position, through which frames
 * are copied instead of written with one {@code pwrite} each: on the request path of the javaagent
 * that system call was half of what a DPR costs. Only preallocated space of a regular file is ever
 * mapped, so a copy never extends the file (no page needs new blocks); the fsync that makes a frame
 * durable ({@code FileChannel.force}) writes mapped pages back like written ones, since both live in
 * the same page cache. Whoever truncates the file must {@link #drop} the window first, so no copy can
 * reach past the end of the file. Not thread-safe: used under the writer's lock.
 */
final class WalWindow {
    private static final long MAX_BYTES = 1 << 22;

    private final FileChannel channel;
    private MappedByteBuffer mapped;
    private long start;
    private long end;

    WalWindow(FileChannel channel) {
        this.channel = channel;
    }

    /**
     * Copies {@code length} bytes of {@code frame} to {@code position} if that range lies inside
     * {@code allocatedEnd} (the zero-filled space); returns false when the caller must write it itself.
     */
    boolean put(byte[] frame, int length, long position, long allocatedEnd) throws IOException {
        if (position + length > allocatedEnd) {
            return false;
        }
        if (mapped == null || position < start || position + length > end) {
            long size = Math.min(MAX_BYTES, allocatedEnd - position);
            if (size < length) {
                return false;
            }
            mapped = null;
            mapped = channel.map(FileChannel.MapMode.READ_WRITE, position, size);
            start = position;
            end = position + size;
        }
        mapped.put((int) (position - start), frame, 0, length);
        return true;
    }

    /** Forgets the mapping (it is unmapped once unreachable); call before the file is truncated. */
    void drop() {
        mapped = null;
        end = start;
    }
}
