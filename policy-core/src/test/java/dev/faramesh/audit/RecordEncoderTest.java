package dev.faramesh.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The typed single-pass encoder ({@link RecordEncoder} over {@link RecordMembers}) must write exactly the
 * bytes the generic path (ordered map, {@link FullCanonicalForm}, {@link RecordJson}) writes for the same
 * record: same canonical form, so the same {@code record_hash}, and the same WAL frame.
 */
class RecordEncoderTest {

    private static final ChainTip TIP = new ChainTip("ab".repeat(32), 41);

    private static void assertSameAsGeneric(DprRecord built) throws Exception {
        assertNotNull(built.members(), "a built record takes the typed path");
        DprRecord asMap = new DprRecord(built.fields(), Set.of());
        assertNull(asMap.members());
        for (boolean devMode : new boolean[] {false, true}) {
            RecordSealer fast = new RecordSealer(Canonicalization.FULL_JCS, devMode);
            RecordSealer generic = new RecordSealer(Canonicalization.FULL_JCS, devMode);
            RecordSealer.Sealed a = fast.seal(built, "id-1", TIP);
            byte[] fastFrame = Arrays.copyOf(a.frame(), a.frameLength());
            RecordSealer.Sealed b = generic.seal(asMap, "id-1", TIP);
            byte[] genericFrame = Arrays.copyOf(b.frame(), b.frameLength());
            assertEquals(new String(genericFrame, 13, genericFrame.length - 13, java.nio.charset.StandardCharsets.UTF_8),
                    new String(fastFrame, 13, fastFrame.length - 13, java.nio.charset.StandardCharsets.UTF_8));
            assertArrayEquals(genericFrame, fastFrame);
            assertEquals(b.tip(), a.tip());
            assertEquals(b.record().fields(), a.record().fields());
            // The hash is what a verifier recomputes from the stored payload.
            DprRecord parsed = DprRecord.parse(Arrays.copyOfRange(fastFrame, 13, fastFrame.length));
            ByteSink canonical = new ByteSink(1024);
            FullCanonicalForm.write(parsed, canonical);
            assertEquals(parsed.recordHash(), Sha256.hex(canonical));
        }
    }

    @Test
    void plainPermitAndDeny() throws Exception {
        assertSameAsGeneric(Records.full("agent-a", 3));
        assertSameAsGeneric(Records.minimal("agent-b"));
        assertSameAsGeneric(DprRecord.builder().agentId("a").effect("DENY").toolId("http/get").callId("c1")
                .reason("no rule").createdAt(Instant.ofEpochSecond(1_700_000_000L, 120_000_000)).build());
    }

    @Test
    void stringsThatNeedEscapesAndNonAscii() throws Exception {
        assertSameAsGeneric(DprRecord.builder().agentId("agent \"q\" \\ <b>&amp;</b>").effect("PERMIT")
                .reason("tab\tnew\nline \u0001 \u007f é 中 \uD83D\uDE00 \u2028 \u2029")
                .toolId("lone \uD800 high and \uDC00 low").sessionId("</script>").build());
    }

    @Test
    void numbersListsAndExtraMembers() throws Exception {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("z", 1);
        nested.put("a", List.of("x", 2.5, true));
        assertSameAsGeneric(DprRecord.builder().agentId("a").effect("PERMIT")
                .delegatedFrom(List.of("outer", "in\"ner"))
                .crossDomainDelegation(List.of("example.org", "partner.example"))
                .networkPort(8443).retryAfterSeconds(Long.MAX_VALUE).executionTimeoutMs(-7)
                .credentialBrokered(true).devMode(true)
                .field("aaa_first", "sorted before every slot").field("zzz_last", nested)
                .field("m_middle", new BigInteger("123456789012345678901234567890"))
                .field("n_dec", new BigDecimal("1.50")).field("o_null", null).field("é_unicode", 3)
                .field("signature", "excluded from the hash").field("big", 9_007_199_254_740_993L)
                .build());
    }

    @Test
    void oneSealerOverManyRecordsSharingStringsWritesWhatTheGenericPathWrites() throws Exception {
        // the sealer remembers each slot's last string; shared, changed and escaped values interleave
        String shared = "same <object> each time";
        String[] reasons = {shared, "other", shared, "esc\"aped\u2028", shared};
        RecordSealer fast = new RecordSealer(Canonicalization.FULL_JCS, false);
        RecordSealer generic = new RecordSealer(Canonicalization.FULL_JCS, false);
        ChainTip tipA = TIP;
        ChainTip tipB = TIP;
        for (int n = 0; n < 20; n++) {
            DprRecord built = DprRecord.builder().agentId(n % 7 == 6 ? "agent-b" : "agent-a").effect(n % 3 == 0 ? "DENY" : "PERMIT")
                    .toolId("http/get").callId("c" + n).reason(reasons[n % reasons.length])
                    .matchedRuleId(n % 2 == 0 ? "r1" : "r2").policyVersion(shared).build();
            RecordSealer.Sealed a = fast.seal(built, "id-" + n, tipA);
            byte[] fastFrame = Arrays.copyOf(a.frame(), a.frameLength());
            RecordSealer.Sealed b = generic.seal(new DprRecord(built.fields(), Set.of()), "id-" + n, tipB);
            assertArrayEquals(Arrays.copyOf(b.frame(), b.frameLength()), fastFrame, "record " + n);
            tipA = a.tip();
            tipB = b.tip();
        }
    }
}
