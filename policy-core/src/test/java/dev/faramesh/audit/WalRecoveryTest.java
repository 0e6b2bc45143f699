package dev.faramesh.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Torn tails are cut off and reported; damage before intact frames is refused and named. */
class WalRecoveryTest {
    @TempDir
    Path dir;

    private Path wal() {
        return dir.resolve("faramesh.wal");
    }

    private DprRecord writeThree() throws Exception {
        DprRecord last;
        try (DprWriter w = DprWriter.open(dir)) {
            w.append(Records.full("a", 1));
            w.append(Records.full("b", 2));
            last = w.append(Records.full("a", 3));
        }
        return last;
    }

    private void appendBytes(byte[] bytes) throws Exception {
        Files.write(wal(), bytes, StandardOpenOption.APPEND);
    }

    private static byte[] frameOf(DprRecord rec) {
        return new TestWal.RawFrame(1, rec.toJson(), 0).bytes();
    }

    @Test
    void aHalfWrittenHeaderIsTruncatedAndReported() throws Exception {
        DprRecord last = writeThree();
        long goodSize = Files.size(wal());
        appendBytes(new byte[] {0x4C, 0x41, 0x57, 0x46, 0x01, 0x10});

        assertThat(AuditVerifier.verify(dir).violation()).get().satisfies(v -> {
            assertThat(v.kind()).isEqualTo(ViolationKind.TORN_FRAME);
            assertThat(v.offset()).isEqualTo(goodSize);
            assertThat(v.frameIndex()).isEqualTo(3);
            assertThat(v.detail()).contains("torn tail");
        });
        try (DprWriter w = DprWriter.open(dir)) {
            RecoveryReport r = w.recovery();
            assertThat(r.truncated()).isTrue();
            assertThat(r.truncatedAt()).isEqualTo(goodSize);
            assertThat(r.truncatedBytes()).isEqualTo(6);
            assertThat(r.reason()).contains("TORN_HEADER");
            assertThat(r.describe()).contains("torn tail truncated at byte offset " + goodSize).contains("6 bytes removed");
            assertThat(Files.size(wal())).isEqualTo(goodSize);
            assertThat(w.append(Records.full("a", 4)).prevRecordHash()).isEqualTo(last.recordHash());
        }
        assertThat(AuditVerifier.verify(dir).violation()).isEmpty();
    }

    @Test
    void aFrameWhosePayloadWasCutShortIsTruncated() throws Exception {
        writeThree();
        long goodSize = Files.size(wal());
        byte[] frame = frameOf(Records.full("a", 9));
        appendBytes(Arrays.copyOf(frame, frame.length - 40));
        try (DprWriter w = DprWriter.open(dir)) {
            assertThat(w.recovery().truncatedAt()).isEqualTo(goodSize);
            assertThat(w.recovery().truncatedBytes()).isEqualTo(frame.length - 40);
            assertThat(w.recovery().reason()).contains("TORN_PAYLOAD");
            assertThat(w.recovery().records()).isEqualTo(3);
        }
    }

    @Test
    void aLastFrameWithABadCrcIsATornTail() throws Exception {
        writeThree();
        long goodSize = Files.size(wal());
        byte[] frame = frameOf(Records.full("a", 9));
        frame[frame.length - 2] ^= 0x20;
        appendBytes(frame);
        assertThat(AuditVerifier.verify(dir).violation()).get()
                .satisfies(v -> assertThat(v.kind()).isEqualTo(ViolationKind.CRC_MISMATCH));
        try (DprWriter w = DprWriter.open(dir)) {
            assertThat(w.recovery().truncatedAt()).isEqualTo(goodSize);
            assertThat(w.recovery().reason()).contains("CRC_MISMATCH");
        }
    }

    @Test
    void crcCorruptionInTheMiddleIsNamedAndTheWriterRefusesToDestroyWhatFollows() throws Exception {
        writeThree();
        List<TestWal.RawFrame> frames = TestWal.read(wal());
        TestWal.RawFrame second = frames.get(1);
        byte[] bytes = Files.readAllBytes(wal());
        int inPayload = (int) second.offset() + 13 + 20;
        bytes[inPayload] ^= 0x01;
        Files.write(wal(), bytes);

        VerificationResult result = AuditVerifier.verify(wal());
        Violation v = result.violation().orElseThrow();
        assertThat(v.kind()).isEqualTo(ViolationKind.CRC_MISMATCH);
        assertThat(v.frameIndex()).isEqualTo(1);
        assertThat(v.offset()).isEqualTo(second.offset());
        assertThat(v.detail()).contains("intact frame follows at offset " + frames.get(2).offset());
        assertThat(result.records()).isEqualTo(1);

        assertThatThrownBy(() -> DprWriter.open(dir))
                .isInstanceOf(WalCorruptedException.class)
                .satisfies(e -> assertThat(((WalCorruptedException) e).offset()).isEqualTo(second.offset()));
        assertThat(Files.readAllBytes(wal())).isEqualTo(bytes);
    }

    @Test
    void badMagicVersionAndLengthAreNamed() throws Exception {
        writeThree();
        long goodSize = Files.size(wal());
        for (int variant = 0; variant < 3; variant++) {
            byte[] frame = frameOf(Records.full("a", 9));
            ByteBuffer b = ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN);
            ViolationKind expected;
            switch (variant) {
                case 0 -> { b.putInt(0, 0x12345678); expected = ViolationKind.BAD_MAGIC; }
                case 1 -> { b.put(4, (byte) 3); expected = ViolationKind.BAD_VERSION; }
                default -> { b.putInt(5, 9 * 1024 * 1024); expected = ViolationKind.BAD_LENGTH; }
            }
            byte[] base = Arrays.copyOf(Files.readAllBytes(wal()), (int) goodSize);
            byte[] all = Arrays.copyOf(base, base.length + frame.length);
            System.arraycopy(frame, 0, all, base.length, frame.length);
            Files.write(wal(), all);
            Violation v = AuditVerifier.verify(wal()).violation().orElseThrow();
            assertThat(v.kind()).isEqualTo(expected);
            assertThat(v.offset()).isEqualTo(goodSize);
        }
    }

    @Test
    void anUndecodablePayloadWithAValidCrcIsRefusedByTheWriter() throws Exception {
        writeThree();
        appendBytes(new TestWal.RawFrame(1, "not json".getBytes(), 0).bytes());
        assertThat(AuditVerifier.verify(dir).violation()).get()
                .satisfies(v -> assertThat(v.kind()).isEqualTo(ViolationKind.RECORD_DECODE));
        assertThatThrownBy(() -> DprWriter.open(dir)).isInstanceOf(WalCorruptedException.class).hasMessageContaining("valid CRC");
    }
}
