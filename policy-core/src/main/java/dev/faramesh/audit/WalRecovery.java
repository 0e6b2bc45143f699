package dev.faramesh.audit;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads an existing WAL before the writer appends to it: archives then the live file, collecting each
 * agent's chain tip (last {@code record_hash}, highest {@code lamport_seq}). A torn tail of the live file
 * is truncated (and forced) so appends continue right after the last intact frame; any other damage, in
 * the live file or an archive, is refused. Chains are not verified here; {@link AuditVerifier} does that.
 */
final class WalRecovery {
    record Result(RecoveryReport report, Map<String, ChainTip> tips) {
    }

    private WalRecovery() {
    }

    static Result recover(Path dir, Path wal, FileChannel liveChannel) throws IOException, AuditWriteException {
        Map<String, ChainTip> tips = new HashMap<>();
        long[] counts = new long[2];
        for (Path segment : WalSegments.of(dir)) {
            if (!segment.equals(wal)) {
                WalScanner.Step end = scan(segment, tips, counts);
                if (end instanceof WalScanner.Damage d) {
                    throw new WalCorruptedException(segment, d.offset(), d.kind() + ": " + d.detail());
                }
            }
        }
        long size = liveChannel.size();
        if (!Files.isRegularFile(wal) || size == 0) {
            return new Result(new RecoveryReport(wal, size, 0, counts[0], counts[1], tips.size(), -1, 0, null, 0), tips);
        }
        WalScanner.Step end = scan(wal, tips, counts);
        if (end instanceof WalScanner.End e) {
            return new Result(new RecoveryReport(wal, size, e.offset(), counts[0], counts[1], tips.size(), -1, 0, null,
                    e.zeroTailBytes()), tips);
        }
        WalScanner.Damage d = (WalScanner.Damage) end;
        if (!d.isTail()) {
            String after = d.nextIntactFrame() == WalScanner.Damage.UNKNOWN
                    ? "intact frames may follow" : "intact frame follows at offset " + d.nextIntactFrame();
            throw new WalCorruptedException(wal, d.offset(), d.kind() + " (" + d.detail() + "), " + after);
        }
        liveChannel.truncate(d.offset());
        liveChannel.force(true);
        String reason = d.kind() + ": " + d.detail();
        return new Result(new RecoveryReport(wal, size, d.offset(), counts[0], counts[1], tips.size(), d.offset(),
                size - d.offset(), reason, 0), tips);
    }

    /** Scans one segment into {@code tips}; returns the terminating step (End or Damage). */
    private static WalScanner.Step scan(Path segment, Map<String, ChainTip> tips, long[] counts)
            throws IOException, AuditWriteException {
        try (WalScanner scanner = new WalScanner(segment)) {
            while (true) {
                WalScanner.Step step = scanner.next();
                if (!(step instanceof WalScanner.Frame f)) {
                    return step;
                }
                if (f.version() == WalFormat.VERSION_CONTROL) {
                    counts[1]++;
                    continue;
                }
                counts[0]++;
                // The three members a tip needs, read without building the record; the full parser only
                // for payloads outside the scanner's strict subset (it then accepts or refuses as before).
                TipScanner.Tip tip = TipScanner.scan(f.payload());
                if (tip == null) {
                    DprRecord rec;
                    try {
                        rec = DprRecord.parse(f.payload());
                    } catch (MalformedRecordException e) {
                        throw new WalCorruptedException(segment, f.offset(), "frame " + f.index()
                                + " has a valid CRC but " + e.getMessage());
                    }
                    tip = new TipScanner.Tip(rec.agentId(), rec.recordHash(), rec.lamportSeq());
                }
                String agent = tip.agentId();
                if (!agent.isEmpty() && !tip.recordHash().isEmpty()) {
                    ChainTip old = tips.get(agent);
                    long seq = Math.max(old == null ? 0 : old.lamportSeq(), tip.lamportSeq());
                    tips.put(agent, new ChainTip(tip.recordHash(), seq));
                }
            }
        }
    }

}
