package dev.faramesh.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the daemon-compatible canonical forms against a WAL produced by Go's real encoding/json.
 *
 * <p>How the fixture was made: {@code policy-core/src/test/go/dprfixture/main.go} (our own Go program,
 * written from the documented DPR fields, not the daemon's code) was run with Debian's golang-go 1.19 as
 * {@code go run . ../../resources/audit}. It writes {@code daemon-fixture.wal} (six records in
 * {@code jcs-rfc8785-v1}, {@code legacy-json-v1} and {@code dpr/1.0}, non-UTC offsets, HTML-sensitive and
 * non-ASCII strings, one control frame) and {@code daemon-fixture.golden.jsonl} with each record's
 * canonical bytes and hash as Go computed them. Go 1.19 escapes \b and \f differently from the daemon's
 * Go 1.25, so the fixture avoids those two characters; {@link GoJsonTextTest} covers them.
 */
class DaemonFixtureTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private Path fixture() throws IOException {
        Path wal = tmp.resolve("daemon-fixture.wal");
        try (InputStream in = getClass().getResourceAsStream("/audit/daemon-fixture.wal")) {
            Files.copy(in, wal);
        }
        return wal;
    }

    private List<JsonNode> golden() throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        try (InputStream in = getClass().getResourceAsStream("/audit/daemon-fixture.golden.jsonl")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    lines.add(JSON.readTree(line));
                }
            }
        }
        return lines;
    }

    @Test
    void canonicalBytesAndHashesMatchWhatGoComputed() throws Exception {
        List<TestWal.RawFrame> frames = TestWal.read(fixture());
        List<JsonNode> golden = golden();
        assertThat(golden).hasSize(6);
        for (JsonNode g : golden) {
            TestWal.RawFrame frame = frames.get(g.get("frame_index").asInt());
            assertThat(frame.version()).isEqualTo(1);
            DprRecord rec = DprRecord.parse(frame.payload());
            Canonicalization alg = Canonicalization.forId(rec.canonicalizationAlgorithm()).orElseThrow();
            byte[] expected = Base64.getDecoder().decode(g.get("canonical_b64").asText());
            assertThat(new String(alg.canonicalBytes(rec), StandardCharsets.UTF_8))
                    .as("canonical form of %s", rec.recordId())
                    .isEqualTo(new String(expected, StandardCharsets.UTF_8));
            assertThat(alg.canonicalBytes(rec)).isEqualTo(expected);
            assertThat(alg.recordHash(rec)).isEqualTo(g.get("record_hash").asText()).isEqualTo(rec.recordHash());
        }
    }

    @Test
    void theFixtureCoversBothDaemonAlgorithmsAndEscapes() throws Exception {
        List<String> algorithms = new ArrayList<>();
        String all = "";
        for (TestWal.RawFrame f : TestWal.read(fixture())) {
            if (f.version() == 1) {
                DprRecord rec = DprRecord.parse(f.payload());
                algorithms.add(Canonicalization.forId(rec.canonicalizationAlgorithm()).orElseThrow().id());
                all += new String(f.payload(), StandardCharsets.UTF_8);
            }
        }
        assertThat(algorithms).contains("jcs-rfc8785-v1", "legacy-json-v1");
        assertThat(all).contains("\\u003c", "\\u0026", "\\u2028", "+05:30", "-08:00");
    }

    @Test
    void daemonWalVerifies() throws Exception {
        VerificationResult result = AuditVerifier.verify(fixture());
        assertThat(result.violation()).isEmpty();
        assertThat(result.valid()).isTrue();
        assertThat(result.records()).isEqualTo(6);
        assertThat(result.controlFrames()).isEqualTo(1);
        assertThat(result.frames()).isEqualTo(7);
        assertThat(result.tipsByAgent()).containsKeys("payments-bot", "infra-bot");
        assertThat(result.summary()).isEqualTo("\u2713 Chain integrity verified. 6 records, 0 violations.");
    }

    @Test
    void genesisMarkersInTheFixtureAreOurs() throws Exception {
        DprRecord first = DprRecord.parse(TestWal.read(fixture()).get(0).payload());
        assertThat(first.prevRecordHash()).isEqualTo(ChainGenesis.prevHashFor(first.agentId()));
    }

    @Test
    void alteringAHashedMemberOfADaemonRecordIsNamed() throws Exception {
        Path wal = fixture();
        List<TestWal.RawFrame> frames = new ArrayList<>(TestWal.read(wal));
        TestWal.RawFrame second = frames.get(1);
        String text = new String(second.payload(), StandardCharsets.UTF_8).replace("\"effect\":\"DENY\"", "\"effect\":\"PERMIT\"");
        frames.set(1, second.withPayload(text.getBytes(StandardCharsets.UTF_8)));
        TestWal.write(wal, frames);

        VerificationResult result = AuditVerifier.verify(wal);
        assertThat(result.valid()).isFalse();
        Violation v = result.violation().orElseThrow();
        assertThat(v.kind()).isEqualTo(ViolationKind.HASH_MISMATCH);
        assertThat(v.frameIndex()).isEqualTo(1);
        assertThat(v.offset()).isEqualTo(second.offset());
        assertThat(v.recordId()).isEqualTo("5f0c6f0e-5f43-4c3e-9d7f-0d6f3f1f7a02");
        assertThat(v.agentId()).isEqualTo("payments-bot");
        assertThat(result.records()).isEqualTo(1);
    }

    @Test
    void theDaemonFormsLeaveReasonOutOfTheHashAsDocumented() throws Exception {
        Path wal = fixture();
        List<TestWal.RawFrame> frames = new ArrayList<>(TestWal.read(wal));
        String text = new String(frames.get(1).payload(), StandardCharsets.UTF_8)
                .replace("\"reason\":\"never shell\"", "\"reason\":\"all fine\"");
        frames.set(1, frames.get(1).withPayload(text.getBytes(StandardCharsets.UTF_8)));
        TestWal.write(wal, frames);

        assertThat(AuditVerifier.verify(wal).valid())
                .as("jcs-rfc8785-v1 does not cover reason; jcs-rfc8785-full-v1 exists to close this gap")
                .isTrue();
    }

    @Test
    void aCaseVariantOfAHashedMemberIsRefusedRatherThanGuessed() throws Exception {
        Path wal = fixture();
        List<TestWal.RawFrame> frames = new ArrayList<>(TestWal.read(wal));
        String text = new String(frames.get(1).payload(), StandardCharsets.UTF_8)
                .replace("\"reason\":\"never shell\"", "\"reason\":\"never shell\",\"Effect\":\"PERMIT\"");
        frames.set(1, frames.get(1).withPayload(text.getBytes(StandardCharsets.UTF_8)));
        TestWal.write(wal, frames);

        Violation v = AuditVerifier.verify(wal).violation().orElseThrow();
        assertThat(v.kind()).isEqualTo(ViolationKind.CANONICALIZATION_ERROR);
        assertThat(v.detail()).contains("Effect").contains("effect");
    }

    @Test
    void readerSeesRecordsAndTheControlFrame() throws Exception {
        Path wal = fixture();
        List<AuditReader.ControlFrame> controls = new ArrayList<>();
        AuditReader.Outcome outcome = AuditReader.forEachControlFrame(wal, controls::add);
        assertThat(outcome.records()).isEqualTo(6);
        assertThat(outcome.stoppedEarly()).isEmpty();
        assertThat(controls).singleElement().satisfies(c -> {
            assertThat(c.frameKind()).isEqualTo("BUDGET_UPDATE");
            assertThat(c.frameIndex()).isEqualTo(3);
        });
        assertThat(AuditReader.tail(wal, 2)).extracting(e -> e.record().recordId())
                .containsExactly("legacy-2", "5f0c6f0e-5f43-4c3e-9d7f-0d6f3f1f7a04");
        assertThat(AuditReader.find(wal, "legacy-1")).get().satisfies(e -> {
            assertThat(e.frameIndex()).isEqualTo(4);
            assertThat(e.record().agentId()).isEqualTo("infra-bot");
            assertThat(e.record().get("selector_snapshot")).isInstanceOf(java.util.Map.class);
        });
        assertThat(AuditReader.find(wal, "no-such-record")).isEmpty();
    }
}
