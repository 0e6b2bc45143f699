package dev.faramesh.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Changing, removing or adding any member of one of our records (here the middle of five) is detected
 * and the record is named. The payloads are rewritten with Jackson and reframed with a correct CRC, as an
 * attacker with write access would.
 */
class TamperDetectionTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private List<DprRecord> written;

    private List<TestWal.RawFrame> writeFive() throws Exception {
        written = new ArrayList<>();
        try (DprWriter w = DprWriter.open(dir)) {
            for (int i = 0; i < 5; i++) {
                written.add(w.append(Records.full(i % 2 == 0 ? "a" : "b", i)));
            }
        }
        return TestWal.read(dir.resolve("faramesh.wal"));
    }

    @Test
    void everyMemberOfOurRecordsIsCoveredByTheHash() throws Exception {
        List<TestWal.RawFrame> original = writeFive();
        TestWal.RawFrame target = original.get(2);
        ObjectNode record = (ObjectNode) JSON.readTree(target.payload());
        List<String> names = new ArrayList<>();
        record.fieldNames().forEachRemaining(names::add);
        assertThat(names).contains("reason", "lamport_seq", "action_type", "credential_source", "credential_scope",
                "rule_ref", "dev_mode", "enforcement_mode", "delegated_from", "cross_domain_delegation", "agent_svid", "principal_claims_hash",
                "retry_after_seconds", "shadow_actual_effect", "incident_category");

        for (String name : names) {
            ObjectNode changed = record.deepCopy();
            changed.set(name, altered(record.get(name)));
            assertTamperNamed(original, changed, "changed " + name);

            ObjectNode removed = record.deepCopy();
            removed.remove(name);
            assertTamperNamed(original, removed, "removed " + name);
        }
        ObjectNode added = record.deepCopy();
        added.put("injected", "x");
        assertTamperNamed(original, added, "added a member");
    }

    @Test
    void rehashingATamperedRecordBreaksTheNextLink() throws Exception {
        List<TestWal.RawFrame> original = writeFive();
        DprRecord victim = DprRecord.parse(original.get(2).payload());
        ObjectNode changed = (ObjectNode) JSON.readTree(original.get(2).payload());
        changed.put("effect", "PERMIT");
        changed.put("reason", "nothing to see");
        DprRecord forged = DprRecord.parse(JSON.writeValueAsBytes(changed));
        changed.put("record_hash", Canonicalization.FULL_JCS.recordHash(forged));

        List<TestWal.RawFrame> frames = new ArrayList<>(original);
        frames.set(2, original.get(2).withPayload(JSON.writeValueAsBytes(changed)));
        TestWal.write(dir.resolve("faramesh.wal"), frames);

        Violation v = AuditVerifier.verify(dir).violation().orElseThrow();
        assertThat(v.kind()).isEqualTo(ViolationKind.BROKEN_LINK);
        assertThat(v.frameIndex()).isEqualTo(4);
        assertThat(v.agentId()).isEqualTo(victim.agentId());
        assertThat(v.detail()).contains(victim.recordHash());
    }

    @Test
    void droppingAndReorderingRecordsIsDetected() throws Exception {
        List<TestWal.RawFrame> original = writeFive();
        List<TestWal.RawFrame> dropped = new ArrayList<>(original);
        dropped.remove(2);
        TestWal.write(dir.resolve("faramesh.wal"), dropped);
        assertThat(AuditVerifier.verify(dir).violation()).get().satisfies(v -> {
            assertThat(v.kind()).isEqualTo(ViolationKind.BROKEN_LINK);
            assertThat(v.recordId()).isEqualTo(written.get(4).recordId());
        });

        List<TestWal.RawFrame> swapped = new ArrayList<>(original);
        swapped.set(0, original.get(2));
        swapped.set(2, original.get(0));
        TestWal.write(dir.resolve("faramesh.wal"), swapped);
        assertThat(AuditVerifier.verify(dir).violation()).get()
                .satisfies(v -> assertThat(v.kind()).isEqualTo(ViolationKind.GENESIS_MISMATCH));
    }

    private void assertTamperNamed(List<TestWal.RawFrame> original, ObjectNode payload, String what) throws Exception {
        List<TestWal.RawFrame> frames = new ArrayList<>(original);
        TestWal.RawFrame target = original.get(2);
        frames.set(2, target.withPayload(JSON.writeValueAsBytes(payload)));
        TestWal.write(dir.resolve("faramesh.wal"), frames);

        VerificationResult result = AuditVerifier.verify(dir);
        assertThat(result.violation()).as(what).isPresent();
        Violation v = result.violation().get();
        assertThat(v.frameIndex()).as(what).isEqualTo(2);
        assertThat(v.offset()).as(what).isEqualTo(target.offset());
        assertThat(v.kind()).as(what).isIn(ViolationKind.HASH_MISMATCH, ViolationKind.MISSING_FIELD,
                ViolationKind.UNKNOWN_CANONICALIZATION);
        if (payload.has("record_id") && payload.get("record_id").isTextual()) {
            assertThat(v.recordId()).as(what).isEqualTo(payload.get("record_id").asText());
        }
        assertThat(result.records()).as(what).isEqualTo(2);
    }

    private static com.fasterxml.jackson.databind.JsonNode altered(com.fasterxml.jackson.databind.JsonNode v) {
        if (v.isTextual()) {
            return TextNode.valueOf(v.asText() + "x");
        }
        if (v.isBoolean()) {
            return BooleanNode.valueOf(!v.asBoolean());
        }
        if (v.isIntegralNumber()) {
            return LongNode.valueOf(v.asLong() + 1);
        }
        if (v.isArray()) {
            ArrayNode a = ((ArrayNode) v).deepCopy();
            a.add("extra");
            return a;
        }
        throw new AssertionError("unexpected member type " + v.getNodeType());
    }
}
