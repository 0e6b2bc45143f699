package dev.faramesh.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Test-side WAL framing, written independently of the production {@code WalFormat} from the documented
 * 13-byte header, so tests can read, tamper with and rewrite frames (with correct CRCs) and so the
 * production framing is checked against a second implementation.
 */
final class TestWal {
    record RawFrame(int version, byte[] payload, long offset) {
        byte[] bytes() {
            ByteBuffer b = ByteBuffer.allocate(13 + payload.length).order(ByteOrder.LITTLE_ENDIAN);
            CRC32 crc = new CRC32();
            crc.update(payload);
            b.putInt(0x4657414C).put((byte) version).putInt(payload.length).putInt((int) crc.getValue()).put(payload);
            return b.array();
        }

        RawFrame withPayload(byte[] p) {
            return new RawFrame(version, p, offset);
        }
    }

    private TestWal() {
    }

    static List<RawFrame> read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        List<RawFrame> frames = new ArrayList<>();
        while (b.remaining() >= 13) {
            int at = b.position();
            int magic = b.getInt();
            if (magic == 0) {
                break; // preallocated zeros
            }
            if (magic != 0x4657414C) {
                throw new IOException("bad magic at " + at);
            }
            int version = b.get();
            int len = b.getInt();
            b.getInt();
            byte[] payload = new byte[len];
            b.get(payload);
            frames.add(new RawFrame(version, payload, at));
        }
        return frames;
    }

    static void write(Path file, List<RawFrame> frames) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (RawFrame f : frames) {
            out.write(f.bytes());
        }
        Files.write(file, out.toByteArray());
    }

    static String sha256Hex(byte[] data) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
