package dev.faramesh.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Whatever bytes the verifier is given, it returns a verdict, never throws, and never falls back to
 * {@link ViolationKind#VERIFIER_ERROR}. Inputs: raw random bytes, random bytes framed with valid CRCs
 * (so they reach the JSON and canonicalization code), and a valid WAL with random bit flips, cuts and
 * insertions (which must be detected).
 */
class VerifierFuzzTest {
    private static byte[] validWal;

    @BeforeContainer
    static void writeValidWal() throws Exception {
        Path dir = Files.createTempDirectory("fuzz-wal");
        try (DprWriter w = DprWriter.open(dir)) {
            for (int i = 0; i < 6; i++) {
                w.append(Records.full(i % 2 == 0 ? "a" : "b", i));
            }
        }
        validWal = Files.readAllBytes(dir.resolve("faramesh.wal"));
    }

    private static VerificationResult verifyBytes(byte[] bytes) throws Exception {
        Path f = Files.createTempFile("fuzz", ".wal");
        try {
            Files.write(f, bytes);
            VerificationResult r = AuditVerifier.verify(f);
            r.violation().ifPresent(v -> assertThat(v.kind()).as(v.describe()).isNotEqualTo(ViolationKind.VERIFIER_ERROR));
            assertThat(r.summary()).isNotBlank();
            return r;
        } finally {
            Files.deleteIfExists(f);
        }
    }

    @Property(tries = 300)
    void randomBytesGetAVerdict(@ForAll @Size(max = 2048) byte[] bytes) throws Exception {
        verifyBytes(bytes);
    }

    @Property(tries = 300)
    void randomPayloadsInValidFramesGetAVerdict(@ForAll("payloads") List<byte[]> payloads) throws Exception {
        List<TestWal.RawFrame> frames = new ArrayList<>();
        for (byte[] p : payloads) {
            frames.add(new TestWal.RawFrame(p.length % 3 == 0 ? 2 : 1, p, 0));
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (TestWal.RawFrame f : frames) {
            out.write(f.bytes());
        }
        verifyBytes(out.toByteArray());
    }

    @Provide
    Arbitrary<List<byte[]>> payloads() {
        Arbitrary<byte[]> jsonish = Arbitraries.strings().withChars("{}[]\":,0123456789.eE+-truefalsnl\\u \u00e9\ud83d\ude00abcagent_idrecord_hash")
                .ofMinLength(1).ofMaxLength(200).map(s -> s.getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> mutatedRecords = Arbitraries.integers().between(0, 400).map(i -> {
            String rec = new String(Records.minimal("a").toJson(), StandardCharsets.UTF_8);
            int at = Math.min(i, rec.length() - 1);
            return (rec.substring(0, at) + "\u0000\"x\":[1e999," + rec.substring(at)).getBytes(StandardCharsets.UTF_8);
        });
        Arbitrary<byte[]> raw = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(100);
        return Arbitraries.oneOf(jsonish, mutatedRecords, raw).list().ofMinSize(1).ofMaxSize(4);
    }

    @Property(tries = 300)
    void damageToAValidWalIsDetected(@ForAll @IntRange(min = 0, max = 1_000_000) int where,
                                     @ForAll @IntRange(min = 0, max = 7) int bit,
                                     @ForAll @IntRange(min = 0, max = 2) int how) throws Exception {
        int at = where % validWal.length;
        byte[] damaged;
        switch (how) {
            case 0 -> {
                damaged = validWal.clone();
                damaged[at] ^= (byte) (1 << bit);
            }
            case 1 -> damaged = java.util.Arrays.copyOf(validWal, Math.max(1, at));
            default -> {
                damaged = new byte[validWal.length + 1];
                System.arraycopy(validWal, 0, damaged, 0, at);
                damaged[at] = (byte) bit;
                System.arraycopy(validWal, at, damaged, at + 1, validWal.length - at);
            }
        }
        VerificationResult r = verifyBytes(damaged);
        if (how == 1) {
            // a cut exactly at a frame boundary leaves a shorter but intact WAL
            assertThat(r.valid() || r.violation().get().kind() == ViolationKind.TORN_FRAME).isTrue();
        } else {
            assertThat(r.valid()).as("damage at byte %d must be detected", at).isFalse();
        }
    }
}
