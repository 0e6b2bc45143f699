package dev.faramesh.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.erdtman.jcs.JsonCanonicalizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jcs-rfc8785-full-v1} checked against the erdtman java-json-canonicalization library as an oracle:
 * our canonical bytes must equal its RFC 8785 output for the same record minus {@code record_hash} and
 * the signature members.
 */
class FullCanonicalFormTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static String oracle(DprRecord rec) throws Exception {
        ObjectNode node = (ObjectNode) JSON.readTree(rec.toJson());
        node.remove("record_hash");
        node.remove(DprFields.SIGNATURE_FIELDS);
        return new JsonCanonicalizer(JSON.writeValueAsString(node)).getEncodedString();
    }

    @Test
    void sealedRecordsMatchTheOracle() throws Exception {
        try (DprWriter w = DprWriter.open(dir)) {
            for (int i = 0; i < 20; i++) {
                DprRecord rec = w.append(Records.full("agent-" + (i % 3), i));
                assertThat(new String(Canonicalization.FULL_JCS.canonicalBytes(rec), StandardCharsets.UTF_8)).isEqualTo(oracle(rec));
            }
        }
    }

    @Test
    void signatureMembersAndTheHashAreLeftOut() throws Exception {
        Map<String, Object> fields = new LinkedHashMap<>(Records.minimal("a").fields());
        String without = new String(Canonicalization.FULL_JCS.canonicalBytes(new DprRecord(fields, java.util.Set.of())), StandardCharsets.UTF_8);
        fields.put("record_hash", "ff");
        fields.put("signature", "c2ln");
        fields.put("hmac_signature", "00");
        fields.put("kms_key_ref", "k");
        String with = new String(Canonicalization.FULL_JCS.canonicalBytes(new DprRecord(fields, java.util.Set.of())), StandardCharsets.UTF_8);
        assertThat(with).isEqualTo(without);
    }

    @Property(tries = 300)
    void arbitraryExtraMembersMatchTheOracle(@ForAll("extras") Map<String, Object> extras) throws Exception {
        var b = DprRecord.builder().agentId("a").effect("PERMIT").reason("r");
        extras.forEach(b::field);
        DprRecord rec = b.build();
        assertThat(new String(Canonicalization.FULL_JCS.canonicalBytes(rec), StandardCharsets.UTF_8)).isEqualTo(oracle(rec));
    }

    @Provide
    Arbitrary<Map<String, Object>> extras() {
        Arbitrary<String> names = Arbitraries.strings().withCharRange('a', 'z').withChars('_', 'é', '€', 'Ω', '\u2028', '\uD800')
                .ofMinLength(1).ofMaxLength(8).map(s -> "x_" + s);
        Arbitrary<Object> scalars = Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(12).map(JsonValues::wellFormed).map(o -> (Object) o),
                Arbitraries.longs().between(-(1L << 53), 1L << 53).map(o -> (Object) o),
                Arbitraries.doubles().between(-1e30, 1e30).map(o -> (Object) o),
                Arbitraries.of(true, false).map(o -> (Object) o));
        Arbitrary<Object> lists = scalars.list().ofMaxSize(3).map(l -> (Object) l);
        Arbitrary<Object> maps = Combinators.combine(names, scalars).as(Map::entry).list().ofMaxSize(3)
                .map(es -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    es.forEach(e -> m.put(e.getKey(), e.getValue()));
                    return (Object) m;
                });
        return Arbitraries.maps(names, Arbitraries.oneOf(scalars, lists, maps)).ofMaxSize(5);
    }

    @Test
    void repeatedMemberNamesAreRefused() throws Exception {
        byte[] json = "{\"agent_id\":\"a\",\"reason\":\"x\",\"reason\":\"y\"}".getBytes(StandardCharsets.UTF_8);
        DprRecord rec = DprRecord.parse(json);
        assertThat(rec.duplicateNames()).containsExactly("reason");
        assertThat(rec.reason()).isEqualTo("y");
        assertThatThrownBy(() -> Canonicalization.FULL_JCS.canonicalBytes(rec))
                .isInstanceOf(CanonicalizationException.class).hasMessageContaining("reason");
    }

    @Test
    void canonicalFormsDifferInCoverage() throws Exception {
        DprRecord rec = DprRecord.builder().agentId("a").effect("PERMIT").reason("before").build();
        DprRecord changed = DprRecord.builder().agentId("a").effect("PERMIT").reason("after")
                .createdAt(rec.createdAtInstant().orElseThrow()).build();
        assertThat(Canonicalization.DAEMON_JCS.recordHash(changed)).isEqualTo(Canonicalization.DAEMON_JCS.recordHash(
                DprRecord.builder().agentId("a").effect("PERMIT").reason("before").createdAt(rec.createdAtInstant().orElseThrow()).build()));
        assertThat(Canonicalization.FULL_JCS.recordHash(changed)).isNotEqualTo(Canonicalization.FULL_JCS.recordHash(
                DprRecord.builder().agentId("a").effect("PERMIT").reason("before").createdAt(rec.createdAtInstant().orElseThrow()).build()));
        assertThat(List.of(Canonicalization.forId("").orElseThrow(), Canonicalization.forId(" jcs-rfc8785-v1 ").orElseThrow()))
                .containsExactly(Canonicalization.DAEMON_LEGACY, Canonicalization.DAEMON_JCS);
        assertThat(Canonicalization.forId("sha3-something")).isEmpty();
    }
}
