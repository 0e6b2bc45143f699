package dev.faramesh.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * WAL recovery reads chain tips with {@link TipScanner} and falls back to {@link DprRecord#parse}: for every
 * payload the scanner accepts, the parser must accept it too and give the same three values; whatever the
 * parser refuses, the scanner must hand over (return null).
 */
class TipScannerTest {

    private static void assertAgrees(byte[] payload) {
        TipScanner.Tip tip = TipScanner.scan(payload);
        DprRecord parsed;
        try {
            parsed = DprRecord.parse(payload);
        } catch (MalformedRecordException e) {
            assertNull(tip, () -> "scanner accepted what the parser refuses: " + new String(payload, StandardCharsets.UTF_8));
            return;
        }
        if (tip != null) {
            String text = new String(payload, StandardCharsets.UTF_8);
            assertEquals(parsed.agentId(), tip.agentId(), text);
            assertEquals(parsed.recordHash(), tip.recordHash(), text);
            assertEquals(parsed.lamportSeq(), tip.lamportSeq(), text);
        }
    }

    private static List<byte[]> sealedPayloads() throws Exception {
        List<byte[]> out = new ArrayList<>();
        RecordSealer sealer = new RecordSealer(Canonicalization.FULL_JCS, false);
        ChainTip tip = ChainTip.genesis("a");
        for (int n = 0; n < 12; n++) {
            DprRecord draft = n % 4 == 3 ? Records.minimal("agent-" + n) : Records.full("agent-" + n % 2, n);
            RecordSealer.Sealed s = sealer.seal(draft, "id-" + n, tip);
            out.add(Arrays.copyOfRange(s.frame(), WalFormat.HEADER_SIZE, s.frameLength()));
            tip = s.tip();
        }
        return out;
    }

    @Test
    void recordsWeWriteAreScannedWithoutTheParser() throws Exception {
        for (byte[] p : sealedPayloads()) {
            assertNotNull(TipScanner.scan(p), new String(p, StandardCharsets.UTF_8));
            assertAgrees(p);
        }
    }

    @Test
    void edgeCasesAgreeWithTheParserOrAreHandedOver() {
        String[] cases = {
            "{}", " { } ", "{\"agent_id\":\"a\",\"record_hash\":\"h\",\"lamport_seq\":7}",
            "{\"agent_id\":\"a\",\"agent_id\":\"b\",\"record_hash\":\"h\",\"lamport_seq\":7,\"lamport_seq\":9}",
            "{\"agent_id\":1,\"record_hash\":null,\"lamport_seq\":\"7\"}",
            "{\"agent_id\":\"a\",\"record_hash\":\"h\",\"lamport_seq\":-0}",
            "{\"agent_id\":\"a\",\"record_hash\":\"h\",\"lamport_seq\":1.5}",
            "{\"agent_id\":\"a\",\"record_hash\":\"h\",\"lamport_seq\":1e3}",
            "{\"agent_id\":\"a\",\"record_hash\":\"h\",\"lamport_seq\":99999999999999999999999}",
            "{\"agent_id\":\"a\",\"record_hash\":\"h\",\"lamport_seq\":[1]}",
            "{\"agent_id\":\"a\",\"record_hash\":\"h\",\"lamport_seq\":true}",
            "{\"agent\\u005fid\":\"x\",\"agent_id\":\"a\",\"record_hash\":\"h\"}",
            "{\"agent_id\":\"a\\u0041\",\"record_hash\":\"h\"}",
            "{\"agent_id\":\"é\",\"record_hash\":\"h\"}",
            "{\"x\":{\"agent_id\":\"nested\"},\"agent_id\":\"a\",\"record_hash\":\"h\"}",
            "{\"x\":[1,2,{\"y\":[]},\"s\\n\"],\"agent_id\":\"a\",\"record_hash\":\"h\"}",
            "{\"x\":01}", "{\"x\":1.}", "{\"x\":.5}", "{\"x\":+1}", "{\"x\":-}", "{\"x\":\"\u0001\"}",
            "{\"x\":\"\\q\"}", "{\"x\":\"\\u12g4\"}", "{\"x\":tru}", "{\"x\":1,}", "{,}", "{\"x\"}", "{\"x\":1} x",
            "{\"x\":1}\u0000", "[]", "\"s\"", "", "{", "{\"x\":[1,]}", "{\"x\":{\"y\":1,}}", "{'x':1}",
            "{\"x\":NaN}", "{\"x\":1}/*c*/", "{\"x\":\"" + "[".repeat(40) + "\"}", "{\"x\":" + "[".repeat(40) + "]".repeat(40) + "}",
            "{\"x\":" + "[".repeat(20) + "]".repeat(20) + ",\"agent_id\":\"a\"}",
        };
        for (String c : cases) {
            assertAgrees(c.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void mutatedRecordsAgreeWithTheParserOrAreHandedOver() throws Exception {
        Random random = new Random(42);
        byte[] alphabet = "{}[]\":,\\0123456789-+.eE tfnul\u0001\u007f".getBytes(StandardCharsets.ISO_8859_1);
        int accepted = 0;
        for (byte[] original : sealedPayloads()) {
            for (int round = 0; round < 500; round++) {
                byte[] p = original.clone();
                int edits = 1 + random.nextInt(3);
                for (int e = 0; e < edits; e++) {
                    int at = random.nextInt(p.length);
                    switch (random.nextInt(3)) {
                        case 0 -> p[at] = alphabet[random.nextInt(alphabet.length)];
                        case 1 -> p = Arrays.copyOf(p, at);
                        default -> p[at] = (byte) random.nextInt(256);
                    }
                    if (p.length == 0) {
                        break;
                    }
                }
                try {
                    assertAgrees(p);
                } catch (AssertionError ae) {
                    fail(ae.getMessage());
                }
                if (TipScanner.scan(p) != null) {
                    accepted++;
                }
            }
        }
        // some mutations keep the payload valid (inside a string, say), and those must have been compared
        org.junit.jupiter.api.Assertions.assertTrue(accepted > 25, "accepted " + accepted);
    }
}
