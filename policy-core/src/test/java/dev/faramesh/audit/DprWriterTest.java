package dev.faramesh.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DprWriterTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Durability.class)
    void appendsChainPerAgentFromGenesis(Durability durability) throws Exception {
        List<DprRecord> written = new ArrayList<>();
        try (DprWriter w = DprWriter.open(dir, WriterOptions.defaults().withDurability(durability))) {
            written.add(w.append(Records.full("payments-bot", 1)));
            written.add(w.append(Records.full("infra-bot", 2)));
            written.add(w.append(Records.full("payments-bot", 3)));
            assertThat(w.tip("payments-bot")).isEqualTo(new ChainTip(written.get(2).recordHash(), 2));
        }
        DprRecord a1 = written.get(0);
        DprRecord b1 = written.get(1);
        DprRecord a2 = written.get(2);
        assertThat(a1.prevRecordHash()).isEqualTo(ChainGenesis.prevHashFor("payments-bot"));
        assertThat(b1.prevRecordHash()).isEqualTo(ChainGenesis.prevHashFor("infra-bot"));
        assertThat(a2.prevRecordHash()).isEqualTo(a1.recordHash());
        assertThat(List.of(a1.lamportSeq(), b1.lamportSeq(), a2.lamportSeq())).containsExactly(1L, 1L, 2L);
        assertThat(a1.recordId()).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(a1.canonicalizationAlgorithm()).isEqualTo("jcs-rfc8785-full-v1");
        assertThat(a1.schemaVersion()).isEqualTo("dpr/2.0");
        // the hash is SHA-256 of the canonical bytes, recomputed here with the JDK directly
        assertThat(a1.recordHash()).isEqualTo(TestWal.sha256Hex(Canonicalization.FULL_JCS.canonicalBytes(a1)));

        List<TestWal.RawFrame> frames = TestWal.read(dir.resolve("faramesh.wal"));
        assertThat(frames).hasSize(3);
        assertThat(DprRecord.parse(frames.get(2).payload())).isEqualTo(a2);
        VerificationResult result = AuditVerifier.verify(dir);
        assertThat(result.violation()).isEmpty();
        assertThat(result.records()).isEqualTo(3);
        assertThat(result.tipsByAgent()).containsEntry("payments-bot", a2.recordHash()).containsEntry("infra-bot", b1.recordHash());
    }

    @Test
    void reopenContinuesTheChainsAndLamportSequences() throws Exception {
        DprRecord last;
        try (DprWriter w = DprWriter.open(dir)) {
            w.append(Records.full("a", 1));
            last = w.append(Records.full("a", 2));
            w.append(Records.full("b", 3));
        }
        try (DprWriter w = DprWriter.open(dir)) {
            assertThat(w.recovery().truncated()).isFalse();
            assertThat(w.recovery().records()).isEqualTo(3);
            assertThat(w.recovery().agents()).isEqualTo(2);
            assertThat(w.tip("a")).isEqualTo(new ChainTip(last.recordHash(), 2));
            DprRecord next = w.append(Records.full("a", 4));
            assertThat(next.prevRecordHash()).isEqualTo(last.recordHash());
            assertThat(next.lamportSeq()).isEqualTo(3);
        }
        VerificationResult result = AuditVerifier.verify(dir);
        assertThat(result.violation()).isEmpty();
        assertThat(result.records()).isEqualTo(4);
    }

    @ParameterizedTest
    @EnumSource(Durability.class)
    void framesCopiedThroughTheMappedWindowLandWhereTheyBelongAcrossManyWindows(Durability durability) throws Exception {
        Path wal = dir.resolve("faramesh.wal");
        List<DprRecord> written = new ArrayList<>();
        // 8 KiB of preallocation: a new mapped window every few frames, frames straddling window ends
        try (DprWriter w = DprWriter.open(dir, WriterOptions.defaults().withDurability(durability).withPreallocateBytes(8192))) {
            for (int i = 0; i < 400; i++) {
                written.add(w.append(Records.full(i % 3 == 0 ? "a" : "b", i)));
            }
            // read with plain file I/O while the writer is open: what a crash would leave
            List<TestWal.RawFrame> frames = TestWal.read(wal);
            assertThat(frames).hasSize(400);
            for (int i = 0; i < 400; i++) {
                assertThat(DprRecord.parse(frames.get(i).payload())).isEqualTo(written.get(i));
            }
        }
        VerificationResult result = AuditVerifier.verify(dir);
        assertThat(result.violation()).isEmpty();
        assertThat(result.records()).isEqualTo(400);
    }

    @Test
    void closeTrimsPreallocatedSpaceAndAnOpenWriterLeavesOnlyZerosBehindTheLastFrame() throws Exception {
        Path wal = dir.resolve("faramesh.wal");
        Path crashCopy = Files.createDirectories(dir.resolve("crash")).resolve("faramesh.wal");
        long logicalSize;
        try (DprWriter w = DprWriter.open(dir, WriterOptions.defaults().withPreallocateBytes(1 << 20))) {
            w.append(Records.full("a", 1));
            w.append(Records.full("a", 2));
            logicalSize = TestWal.read(wal).stream().mapToLong(f -> f.bytes().length).sum();
            assertThat(Files.size(wal)).isGreaterThan(logicalSize + (1 << 19));
            Files.copy(wal, crashCopy); // what a crash right now would leave
        }
        assertThat(Files.size(wal)).isEqualTo(logicalSize);

        VerificationResult crashed = AuditVerifier.verify(crashCopy.getParent());
        assertThat(crashed.violation()).isEmpty();
        assertThat(crashed.records()).isEqualTo(2);
        assertThat(crashed.notes()).anyMatch(n -> n.contains("zero bytes after the last frame"));
        try (DprWriter w = DprWriter.open(crashCopy.getParent())) {
            assertThat(w.recovery().truncated()).isFalse();
            assertThat(w.recovery().zeroFilledBytes()).isPositive();
            assertThat(w.recovery().validEnd()).isEqualTo(logicalSize);
            w.append(Records.full("a", 3));
        }
        assertThat(AuditVerifier.verify(crashCopy.getParent()).records()).isEqualTo(3);
    }

    @Test
    void daemonCompatibleModeWritesRecordsTheDaemonFormVerifies() throws Exception {
        DprRecord rec;
        try (DprWriter w = DprWriter.open(dir, WriterOptions.defaults().withCanonicalization(Canonicalization.DAEMON_JCS))) {
            rec = w.append(Records.full("payments-bot", 1));
            w.append(Records.full("payments-bot", 2));
        }
        assertThat(rec.canonicalizationAlgorithm()).isEqualTo("jcs-rfc8785-v1");
        assertThat(AuditVerifier.verify(dir).violation()).isEmpty();
    }

    @Test
    void aDevModeWriterTagsEveryRecordAndTheTagIsHashed() throws Exception {
        DprRecord rec;
        try (DprWriter w = DprWriter.open(dir, WriterOptions.defaults().withDevMode(true))) {
            rec = w.append(DprRecord.builder().agentId("a").effect("PERMIT").devMode(false).build());
        }
        assertThat(rec.devMode()).isTrue();
        Path wal = dir.resolve("faramesh.wal");
        List<TestWal.RawFrame> frames = TestWal.read(wal);
        String text = new String(frames.get(0).payload(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(text).contains("\"dev_mode\":true");
        TestWal.write(wal, List.of(frames.get(0).withPayload(text.replace("\"dev_mode\":true", "\"dev_mode\":false")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        assertThat(AuditVerifier.verify(dir).violation()).get()
                .satisfies(v -> assertThat(v.kind()).isEqualTo(ViolationKind.HASH_MISMATCH));
    }

    @Test
    void appendAfterCloseFails() throws Exception {
        DprWriter w = DprWriter.open(dir);
        w.close();
        assertThatThrownBy(() -> w.append(Records.minimal("a"))).isInstanceOf(AuditWriteException.class).hasMessageContaining("closed");
        w.close(); // idempotent
    }

    @Test
    void aSecondWriterOnTheSameWalIsRefused() throws Exception {
        try (DprWriter w = DprWriter.open(dir)) {
            assertThat(w.walFile()).isEqualTo(dir.resolve("faramesh.wal"));
            assertThatThrownBy(() -> DprWriter.open(dir)).isInstanceOf(AuditWriteException.class).hasMessageContaining("already open");
        }
        try (DprWriter again = DprWriter.open(dir)) {
            assertThat(again.recovery().records()).isZero();
        }
    }

    @Test
    void anOversizedRecordIsRejectedWithoutMovingTheChain() throws Exception {
        try (DprWriter w = DprWriter.open(dir)) {
            DprRecord first = w.append(Records.minimal("a"));
            DprRecord huge = DprRecord.builder().agentId("a").effect("PERMIT").reason("x".repeat(9 * 1024 * 1024)).build();
            assertThatThrownBy(() -> w.append(huge)).isInstanceOf(AuditWriteException.class).hasMessageContaining("frame limit");
            assertThat(w.tip("a")).isEqualTo(new ChainTip(first.recordHash(), 1));
            assertThat(w.append(Records.minimal("a")).prevRecordHash()).isEqualTo(first.recordHash());
        }
        assertThat(AuditVerifier.verify(dir).violation()).isEmpty();
    }
}
