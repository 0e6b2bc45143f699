package dev.faramesh.audit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies a WAL file, or a WAL directory (archives oldest first, then the live file, chains continuing
 * across them): frame magic, version, length and CRC; that each record decodes; its {@code record_hash}
 * recomputed under the record's own {@code canonicalization_algorithm}; the genesis marker on each
 * agent's first record; {@code prev_record_hash} links per agent; and for our own records a rising
 * {@code lamport_seq}. It names the first bad frame or record and never throws: unreadable input is a
 * verdict too. Signatures are not checked, as in the daemon.
 */
public final class AuditVerifier {
    private AuditVerifier() {
    }

    public static VerificationResult verify(Path fileOrDir) {
        List<Path> segments;
        try {
            segments = WalSegments.of(fileOrDir);
        } catch (IOException e) {
            return new Run(List.of()).stop(new Violation(fileOrDir, 0, 0, "", "", ViolationKind.IO_ERROR,
                    "cannot list WAL files: " + e));
        }
        if (segments.isEmpty()) {
            return new Run(List.of()).stop(new Violation(fileOrDir, 0, 0, "", "", ViolationKind.IO_ERROR,
                    "no " + WalFormat.LIVE_FILE + " and no archives in this directory"));
        }
        Run run = new Run(segments);
        for (int i = 0; i < segments.size(); i++) {
            Optional<Violation> v;
            try {
                v = run.verifySegment(segments.get(i), i > 0);
            } catch (IOException e) {
                v = Optional.of(new Violation(segments.get(i), run.segmentFrames, 0, "", "", ViolationKind.IO_ERROR,
                        "cannot read: " + e));
            } catch (RuntimeException e) {
                v = Optional.of(new Violation(segments.get(i), run.segmentFrames, 0, "", "", ViolationKind.VERIFIER_ERROR,
                        e.toString()));
            }
            if (v.isPresent()) {
                return run.stop(v.get());
            }
        }
        return run.finish();
    }

    /** The state of one verification. */
    private static final class Run {
        private record Tip(String hash, long lamportSeq, boolean ours) {
        }

        private final List<Path> segments;
        private final Map<String, Tip> tips = new HashMap<>();
        private final List<String> notes = new ArrayList<>();
        private long frames;
        private long records;
        private long controlFrames;
        private long segmentFrames;

        Run(List<Path> segments) {
            this.segments = segments;
        }

        Optional<Violation> verifySegment(Path segment, boolean continuation) throws IOException {
            Set<String> agentsSeenHere = new HashSet<>();
            segmentFrames = 0;
            try (WalScanner scanner = new WalScanner(segment)) {
                while (true) {
                    WalScanner.Step step = scanner.next();
                    if (step instanceof WalScanner.End end) {
                        if (end.zeroTailBytes() > 0) {
                            notes.add(segment + ": " + end.zeroTailBytes() + " zero bytes after the last frame at offset "
                                    + end.offset() + " (preallocated space)");
                        }
                        return Optional.empty();
                    }
                    if (step instanceof WalScanner.Damage d) {
                        return Optional.of(frameViolation(segment, d));
                    }
                    WalScanner.Frame f = (WalScanner.Frame) step;
                    frames++;
                    segmentFrames++;
                    Optional<Violation> v = f.version() == WalFormat.VERSION_CONTROL
                            ? checkControl(segment, f)
                            : checkRecord(segment, f, continuation, agentsSeenHere);
                    if (v.isPresent()) {
                        return v;
                    }
                }
            }
        }

        private Optional<Violation> checkControl(Path segment, WalScanner.Frame f) {
            try {
                JsonPayloadParser.parseObject(f.payload());
                controlFrames++;
                return Optional.empty();
            } catch (MalformedRecordException e) {
                return Optional.of(violation(segment, f, "", "", ViolationKind.CONTROL_FRAME_DECODE, e.getMessage()));
            }
        }

        private Optional<Violation> checkRecord(Path segment, WalScanner.Frame f, boolean continuation,
                                                Set<String> agentsSeenHere) {
            DprRecord rec;
            try {
                rec = DprRecord.parse(f.payload());
            } catch (MalformedRecordException e) {
                return Optional.of(violation(segment, f, "", "", ViolationKind.RECORD_DECODE, e.getMessage()));
            }
            String recordId = rec.recordId();
            String agent = rec.agentId();
            if (!(rec.get(DprFields.AGENT_ID) instanceof String) || agent.isEmpty()) {
                return Optional.of(violation(segment, f, recordId, "", ViolationKind.MISSING_FIELD, "agent_id is missing, empty or not a string"));
            }
            if (!(rec.get(DprFields.RECORD_HASH) instanceof String) || rec.recordHash().isEmpty()) {
                return Optional.of(violation(segment, f, recordId, agent, ViolationKind.MISSING_FIELD, "record_hash is missing, empty or not a string"));
            }
            Object algValue = rec.get(DprFields.CANONICALIZATION_ALGORITHM);
            Optional<Canonicalization> alg = algValue == null || algValue instanceof String
                    ? Canonicalization.forId((String) algValue) : Optional.empty();
            if (alg.isEmpty()) {
                return Optional.of(violation(segment, f, recordId, agent, ViolationKind.UNKNOWN_CANONICALIZATION,
                        "canonicalization_algorithm " + algValue + " is not one this verifier knows"));
            }
            String recomputed;
            try {
                recomputed = alg.get().recordHash(rec);
            } catch (CanonicalizationException e) {
                return Optional.of(violation(segment, f, recordId, agent, ViolationKind.CANONICALIZATION_ERROR,
                        alg.get().id() + ": " + e.getMessage()));
            }
            if (!recomputed.equals(rec.recordHash())) {
                return Optional.of(violation(segment, f, recordId, agent, ViolationKind.HASH_MISMATCH,
                        "record_hash is " + rec.recordHash() + " but the record's " + alg.get().id()
                                + " form hashes to " + recomputed + "; the record was altered after it was written"));
            }
            boolean ours = alg.get() == Canonicalization.FULL_JCS;
            Tip previous = tips.get(agent);
            String genesis = ChainGenesis.prevHashFor(agent);
            boolean restart = false;
            if (previous == null) {
                if (!genesis.equals(rec.prevRecordHash())) {
                    return Optional.of(violation(segment, f, recordId, agent, ViolationKind.GENESIS_MISMATCH,
                            "first record of the agent has prev_record_hash " + rec.prevRecordHash()
                                    + ", the genesis marker is " + genesis));
                }
            } else if (!previous.hash().equals(rec.prevRecordHash())) {
                boolean firstInLaterSegment = continuation && !agentsSeenHere.contains(agent);
                if (firstInLaterSegment && genesis.equals(rec.prevRecordHash())) {
                    restart = true;
                    notes.add(segment + ": chain of agent " + agent + " restarts from genesis at frame " + f.index()
                            + " (as after compaction); the previous segment ended at " + previous.hash());
                } else {
                    return Optional.of(violation(segment, f, recordId, agent, ViolationKind.BROKEN_LINK,
                            "prev_record_hash is " + rec.prevRecordHash() + " but the agent's previous record hash is "
                                    + previous.hash()));
                }
            }
            long seq = rec.lamportSeq();
            if (ours && previous != null && previous.ours() && !restart && seq <= previous.lamportSeq()) {
                return Optional.of(violation(segment, f, recordId, agent, ViolationKind.LAMPORT_REGRESSION,
                        "lamport_seq " + seq + " does not advance past " + previous.lamportSeq()));
            }
            tips.put(agent, new Tip(rec.recordHash(), seq, ours));
            agentsSeenHere.add(agent);
            records++;
            return Optional.empty();
        }

        private Violation frameViolation(Path segment, WalScanner.Damage d) {
            ViolationKind kind = switch (d.kind()) {
                case TORN_HEADER, TORN_PAYLOAD -> ViolationKind.TORN_FRAME;
                case BAD_MAGIC -> ViolationKind.BAD_MAGIC;
                case BAD_VERSION -> ViolationKind.BAD_VERSION;
                case BAD_LENGTH -> ViolationKind.BAD_LENGTH;
                case CRC_MISMATCH -> ViolationKind.CRC_MISMATCH;
            };
            String where = d.isTail()
                    ? "; no intact frame follows (a torn tail: opening the WAL for writing truncates it)"
                    : d.nextIntactFrame() == WalScanner.Damage.UNKNOWN
                    ? "; gave up searching for intact frames after it"
                    : "; an intact frame follows at offset " + d.nextIntactFrame();
            return new Violation(segment, d.index(), d.offset(), "", "", kind, d.detail() + where);
        }

        private static Violation violation(Path segment, WalScanner.Frame f, String recordId, String agentId,
                                           ViolationKind kind, String detail) {
            return new Violation(segment, f.index(), f.offset(), recordId, agentId, kind, detail);
        }

        VerificationResult stop(Violation v) {
            return result(Optional.of(v));
        }

        VerificationResult finish() {
            return result(Optional.empty());
        }

        private VerificationResult result(Optional<Violation> v) {
            Map<String, String> tipHashes = new LinkedHashMap<>();
            tips.forEach((agent, tip) -> tipHashes.put(agent, tip.hash()));
            return new VerificationResult(List.copyOf(segments), frames, records, controlFrames,
                    Collections.unmodifiableMap(tipHashes), v, List.copyOf(notes));
        }
    }
}
