package dev.faramesh.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** WAL directories: rotated archives (oldest first) then the live file, chains continuing across them. */
class SegmentedWalTest {
    @TempDir
    Path dir;

    private Path live() {
        return dir.resolve("faramesh.wal");
    }

    private void rotate(String unixNano) throws Exception {
        Files.move(live(), dir.resolve("faramesh.wal." + unixNano + ".bak"));
    }

    @Test
    void genesisIsTheDocumentedDigest() throws Exception {
        // printf '%s' 'faramesh/dpr/genesis/v1:payments-bot' | sha256sum
        assertThat(ChainGenesis.prevHashFor("payments-bot"))
                .isEqualTo("69ae1599febe7438d393f139bce0e74e979e45cdc3b404dfb9c1fe1e67fe659b");
        String agent = "agent-" + UUID.randomUUID();
        assertThat(ChainGenesis.prevHashFor(agent)).isEqualTo(HexFormat.of().formatHex(java.security.MessageDigest
                .getInstance("SHA-256").digest(("faramesh/dpr/genesis/v1:" + agent).getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void chainsContinueFromArchivesIntoTheLiveFile() throws Exception {
        List<DprRecord> all = new ArrayList<>();
        try (DprWriter w = DprWriter.open(dir)) {
            all.add(w.append(Records.full("a", 1)));
            all.add(w.append(Records.full("b", 2)));
        }
        rotate("1700000000000000001");
        try (DprWriter w = DprWriter.open(dir)) {
            assertThat(w.recovery().records()).isEqualTo(2);
            all.add(w.append(Records.full("a", 3)));
        }
        rotate("1700000000000000002");
        try (DprWriter w = DprWriter.open(dir)) {
            all.add(w.append(Records.full("a", 4)));
            all.add(w.append(Records.full("b", 5)));
        }
        assertThat(all.get(2).prevRecordHash()).isEqualTo(all.get(0).recordHash());
        assertThat(all.get(3).lamportSeq()).isEqualTo(3);

        VerificationResult result = AuditVerifier.verify(dir);
        assertThat(result.violation()).isEmpty();
        assertThat(result.segments()).extracting(p -> p.getFileName().toString()).containsExactly(
                "faramesh.wal.1700000000000000001.bak", "faramesh.wal.1700000000000000002.bak", "faramesh.wal");
        assertThat(result.records()).isEqualTo(5);
        assertThat(AuditReader.tail(dir, 3)).extracting(e -> e.record().recordId())
                .containsExactly(all.get(2).recordId(), all.get(3).recordId(), all.get(4).recordId());

        // the live file alone starts mid-chain, which a file-only verification reports
        assertThat(AuditVerifier.verify(live()).violation()).get()
                .satisfies(v -> assertThat(v.kind()).isEqualTo(ViolationKind.GENESIS_MISMATCH));
    }

    @Test
    void aChainRestartedFromGenesisAtASegmentStartIsNotedAsCompactionDoes() throws Exception {
        try (DprWriter w = DprWriter.open(dir)) {
            w.append(Records.full("a", 1));
            w.append(Records.full("a", 2));
        }
        rotate("1700000000000000001");
        // a compacted live file: the agent's chain starts again from genesis
        Path fresh = Files.createDirectories(dir.resolve("fresh"));
        try (DprWriter w = DprWriter.open(fresh)) {
            w.append(Records.full("a", 3));
        }
        Files.move(fresh.resolve("faramesh.wal"), live());

        VerificationResult result = AuditVerifier.verify(dir);
        assertThat(result.violation()).isEmpty();
        assertThat(result.notes()).anyMatch(n -> n.contains("restarts from genesis"));
    }

    @Test
    void aWrongLinkAcrossSegmentsIsABrokenChain() throws Exception {
        try (DprWriter w = DprWriter.open(dir)) {
            w.append(Records.full("a", 1));
        }
        rotate("1700000000000000001");
        Path other = Files.createDirectories(dir.resolve("other"));
        try (DprWriter w = DprWriter.open(other)) {
            w.append(Records.full("a", 2));
            w.append(Records.full("a", 3));
        }
        // keep only the second record: its link points at a record that is in neither segment
        List<TestWal.RawFrame> frames = TestWal.read(other.resolve("faramesh.wal"));
        TestWal.write(live(), List.of(frames.get(1)));

        Violation v = AuditVerifier.verify(dir).violation().orElseThrow();
        assertThat(v.kind()).isEqualTo(ViolationKind.BROKEN_LINK);
        assertThat(v.segment()).isEqualTo(live());
        assertThat(v.frameIndex()).isZero();
    }

    @Test
    void missingOrEmptyLocationsAreIoErrors() throws Exception {
        assertThat(AuditVerifier.verify(dir.resolve("nope")).violation()).get()
                .satisfies(v -> assertThat(v.kind()).isEqualTo(ViolationKind.IO_ERROR));
        assertThat(AuditVerifier.verify(dir).violation()).get()
                .satisfies(v -> assertThat(v.detail()).contains("no faramesh.wal"));
        assertThatThrownBy(() -> AuditReader.tail(dir.resolve("nope"), 1)).isInstanceOf(java.io.IOException.class);
    }

    @Test
    void aDamagedArchiveKeepsTheWriterClosed() throws Exception {
        try (DprWriter w = DprWriter.open(dir)) {
            w.append(Records.full("a", 1));
            w.append(Records.full("a", 2));
        }
        byte[] bytes = Files.readAllBytes(live());
        bytes[bytes.length - 5] ^= 0x40;
        Files.write(dir.resolve("faramesh.wal.1700000000000000001.bak"), bytes);
        Files.delete(live());
        assertThatThrownBy(() -> DprWriter.open(dir)).isInstanceOf(WalCorruptedException.class)
                .hasMessageContaining("1700000000000000001");
    }
}
