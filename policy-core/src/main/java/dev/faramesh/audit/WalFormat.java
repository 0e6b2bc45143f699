package dev.faramesh.audit;

import java.util.zip.CRC32;

/**
 * The daemon's WAL framing: each frame is a 13-byte header (magic {@code 0x4657414C}, version byte
 * 1 = DPR record or 2 = control frame, payload length, CRC32-IEEE of the payload; integers
 * little-endian) followed by the JSON payload of 1 byte to 8 MiB.
 */
final class WalFormat {
    static final int MAGIC = 0x4657414C;
    static final int HEADER_SIZE = 13;
    static final int VERSION_RECORD = 1;
    static final int VERSION_CONTROL = 2;
    static final int MAX_PAYLOAD = 8 * 1024 * 1024;
    static final String LIVE_FILE = "faramesh.wal";

    private WalFormat() {
    }

    static int crc32(byte[] data, int off, int len) {
        CRC32 crc = new CRC32();
        crc.update(data, off, len);
        return (int) crc.getValue();
    }

    static int readIntLE(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8 | (b[off + 2] & 0xFF) << 16 | (b[off + 3] & 0xFF) << 24;
    }
}
