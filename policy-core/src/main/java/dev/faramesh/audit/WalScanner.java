package dev.faramesh.audit;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Walks the frames of one WAL file from the start, checking magic, version, length and CRC, and stops
 * at the first damaged frame. It reads only up to the size the file had when opened (so a character
 * device like /dev/full reads as empty), treats a run of zero bytes that reaches the end of the file as
 * unused preallocated space rather than damage, and for damage tells whether any intact frame follows,
 * which separates a torn tail (nothing after it, safe to cut off) from corruption in the middle.
 */
final class WalScanner implements AutoCloseable {
    /** What the scanner found next. */
    sealed interface Step permits Frame, End, Damage {
    }

    /** An intact frame; {@code index} counts every frame from 0, control frames included. */
    record Frame(long index, long offset, int version, byte[] payload) implements Step {
        long end() {
            return offset + WalFormat.HEADER_SIZE + payload.length;
        }
    }

    /** The end of the frames at {@code offset}, followed by {@code zeroTailBytes} of zero filling. */
    record End(long offset, long zeroTailBytes) implements Step {
    }

    /**
     * A damaged frame at {@code offset}. {@code nextIntactFrame} is the offset of the first intact frame
     * after it, {@link #NONE_FOLLOWS} when there is none, or {@link #UNKNOWN} when the search gave up.
     */
    record Damage(long index, long offset, DamageKind kind, String detail, long nextIntactFrame, long fileSize)
            implements Step {
        static final long NONE_FOLLOWS = -1;
        static final long UNKNOWN = -2;

        /** Only a proven torn tail may be cut off; an unfinished search counts as "something may follow". */
        boolean isTail() {
            return nextIntactFrame == NONE_FOLLOWS;
        }
    }

    /** Bytes the search for an intact frame after damage may read before giving up (crafted files). */
    private static final long SEARCH_BUDGET = 256L << 20;

    enum DamageKind { TORN_HEADER, BAD_MAGIC, BAD_VERSION, BAD_LENGTH, TORN_PAYLOAD, CRC_MISMATCH }

    private final FileChannel channel;
    private final InputStream in;
    private final long size;
    private long pos;
    private long index;
    private boolean finished;

    WalScanner(Path file) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        this.size = channel.size();
        this.in = new BufferedInputStream(Channels.newInputStream(channel), 1 << 16);
    }

    long size() {
        return size;
    }

    Step next() throws IOException {
        if (finished) {
            throw new IllegalStateException("scan already finished");
        }
        long remaining = size - pos;
        if (remaining == 0) {
            return finish(new End(pos, 0));
        }
        long offset = pos;
        if (remaining < WalFormat.HEADER_SIZE) {
            byte[] rest = readExactly((int) remaining);
            if (allZero(rest, rest.length)) {
                return finish(new End(offset, remaining));
            }
            return damage(offset, DamageKind.TORN_HEADER, remaining + " bytes remain, a header needs 13");
        }
        byte[] header = readExactly(WalFormat.HEADER_SIZE);
        int magic = WalFormat.readIntLE(header, 0);
        if (magic == 0 && allZero(header, header.length) && restIsZero()) {
            return finish(new End(offset, remaining));
        }
        if (magic != WalFormat.MAGIC) {
            return damage(offset, DamageKind.BAD_MAGIC, String.format("magic 0x%08x, expected 0x%08x", magic, WalFormat.MAGIC));
        }
        int version = header[4] & 0xFF;
        if (version != WalFormat.VERSION_RECORD && version != WalFormat.VERSION_CONTROL) {
            return damage(offset, DamageKind.BAD_VERSION, "frame version " + version + ", expected 1 or 2");
        }
        long length = WalFormat.readIntLE(header, 5) & 0xFFFFFFFFL;
        if (length == 0 || length > WalFormat.MAX_PAYLOAD) {
            return damage(offset, DamageKind.BAD_LENGTH, "payload length " + length + ", allowed 1.." + WalFormat.MAX_PAYLOAD);
        }
        if (length > remaining - WalFormat.HEADER_SIZE) {
            return damage(offset, DamageKind.TORN_PAYLOAD,
                    "payload length " + length + " but only " + (remaining - WalFormat.HEADER_SIZE) + " bytes remain");
        }
        byte[] payload = readExactly((int) length);
        int crc = WalFormat.crc32(payload, 0, payload.length);
        int want = WalFormat.readIntLE(header, 9);
        if (crc != want) {
            return damage(offset, DamageKind.CRC_MISMATCH, String.format("payload CRC32 0x%08x, header says 0x%08x", crc, want));
        }
        return new Frame(index++, offset, version, payload);
    }

    private Step finish(Step step) {
        finished = true;
        return step;
    }

    private Step damage(long offset, DamageKind kind, String detail) throws IOException {
        return finish(new Damage(index, offset, kind, detail, findIntactFrame(offset + 1), size));
    }

    private byte[] readExactly(int n) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length != n) {
            throw new IOException("WAL file shrank while being read");
        }
        pos += n;
        return b;
    }

    private boolean restIsZero() throws IOException {
        byte[] chunk = new byte[1 << 16];
        while (pos < size) {
            int n = in.read(chunk, 0, (int) Math.min(chunk.length, size - pos));
            if (n < 0) {
                return true;
            }
            pos += n;
            if (!allZero(chunk, n)) {
                return false;
            }
        }
        return true;
    }

    private static boolean allZero(byte[] b, int len) {
        for (int i = 0; i < len; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** The offset of the first intact frame (valid header and CRC) at or after {@code from}, or a Damage constant. */
    private long findIntactFrame(long from) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(1 << 16);
        long[] budget = {SEARCH_BUDGET};
        long base = from;
        while (base + WalFormat.HEADER_SIZE <= size) {
            chunk.clear();
            int n = channel.read(chunk, base);
            if (n <= 0) {
                return Damage.NONE_FOLLOWS;
            }
            budget[0] -= n;
            byte[] a = chunk.array();
            for (int i = 0; i + 3 < n; i++) {
                // 0x4657414C little-endian is the byte sequence "LAWF".
                if (a[i] == 0x4C && a[i + 1] == 0x41 && a[i + 2] == 0x57 && a[i + 3] == 0x46 && isIntactFrameAt(base + i, budget)) {
                    return base + i;
                }
                if (budget[0] < 0) {
                    return Damage.UNKNOWN;
                }
            }
            base += Math.max(1, n - 3);
        }
        return Damage.NONE_FOLLOWS;
    }

    private boolean isIntactFrameAt(long at, long[] budget) throws IOException {
        if (at + WalFormat.HEADER_SIZE > size) {
            return false;
        }
        ByteBuffer h = ByteBuffer.allocate(WalFormat.HEADER_SIZE);
        if (channel.read(h, at) != WalFormat.HEADER_SIZE) {
            return false;
        }
        byte[] header = h.array();
        int version = header[4] & 0xFF;
        long length = WalFormat.readIntLE(header, 5) & 0xFFFFFFFFL;
        if ((version != WalFormat.VERSION_RECORD && version != WalFormat.VERSION_CONTROL)
                || length == 0 || length > WalFormat.MAX_PAYLOAD || at + WalFormat.HEADER_SIZE + length > size) {
            return false;
        }
        budget[0] -= length;
        if (budget[0] < 0) {
            return false;
        }
        ByteBuffer p = ByteBuffer.allocate((int) length);
        while (p.hasRemaining()) {
            if (channel.read(p, at + WalFormat.HEADER_SIZE + p.position()) <= 0) {
                return false;
            }
        }
        return WalFormat.crc32(p.array(), 0, (int) length) == WalFormat.readIntLE(header, 9);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
