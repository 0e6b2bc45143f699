package dev.faramesh.audit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Reads records back for {@code faramesh audit tail|show}: iterate a WAL file or directory in order,
 * the last N records, or one record by {@code record_id}. Reading stops quietly at the first damaged
 * frame or undecodable payload (the returned {@link Outcome} says where); judging integrity is
 * {@link AuditVerifier}'s job.
 */
public final class AuditReader {
    /** A record and where it is stored. */
    public record Entry(Path segment, long frameIndex, long offset, DprRecord record) {
    }

    /** A control frame ({@code BUDGET_UPDATE}, {@code RATE_UPDATE}) and its members. */
    public record ControlFrame(Path segment, long frameIndex, long offset, Map<String, Object> fields) {
        public String frameKind() {
            return fields.get("frame_kind") instanceof String s ? s : "";
        }
    }

    /** How far reading got: records read, and why it stopped early (empty if it reached the end). */
    public record Outcome(long records, Optional<String> stoppedEarly) {
    }

    private AuditReader() {
    }

    public static Outcome forEach(Path fileOrDir, Consumer<Entry> records) throws IOException {
        return read(fileOrDir, records, null);
    }

    public static Outcome forEachControlFrame(Path fileOrDir, Consumer<ControlFrame> controls) throws IOException {
        return read(fileOrDir, null, controls);
    }

    /** The last {@code n} records, oldest first. */
    public static List<Entry> tail(Path fileOrDir, int n) throws IOException {
        if (n <= 0) {
            return List.of();
        }
        Deque<Entry> last = new ArrayDeque<>(n);
        forEach(fileOrDir, e -> {
            if (last.size() == n) {
                last.removeFirst();
            }
            last.addLast(e);
        });
        return new ArrayList<>(last);
    }

    /** The first record with this {@code record_id}. */
    public static Optional<Entry> find(Path fileOrDir, String recordId) throws IOException {
        return first(fileOrDir, e -> e.record().recordId().equals(recordId));
    }

    public static Optional<Entry> first(Path fileOrDir, Predicate<Entry> match) throws IOException {
        Entry[] found = new Entry[1];
        forEach(fileOrDir, e -> {
            if (found[0] == null && match.test(e)) {
                found[0] = e;
            }
        });
        return Optional.ofNullable(found[0]);
    }

    private static Outcome read(Path fileOrDir, Consumer<Entry> records, Consumer<ControlFrame> controls) throws IOException {
        long count = 0;
        for (Path segment : WalSegments.of(fileOrDir)) {
            try (WalScanner scanner = new WalScanner(segment)) {
                while (true) {
                    WalScanner.Step step = scanner.next();
                    if (step instanceof WalScanner.End) {
                        break;
                    }
                    if (step instanceof WalScanner.Damage d) {
                        return new Outcome(count, Optional.of(segment + ": " + d.kind() + " at byte offset " + d.offset()));
                    }
                    WalScanner.Frame f = (WalScanner.Frame) step;
                    try {
                        if (f.version() == WalFormat.VERSION_CONTROL) {
                            if (controls != null) {
                                controls.accept(new ControlFrame(segment, f.index(), f.offset(),
                                        JsonPayloadParser.parseObject(f.payload()).fields()));
                            }
                        } else {
                            DprRecord rec = DprRecord.parse(f.payload());
                            count++;
                            if (records != null) {
                                records.accept(new Entry(segment, f.index(), f.offset(), rec));
                            }
                        }
                    } catch (MalformedRecordException e) {
                        return new Outcome(count, Optional.of(segment + ": frame " + f.index() + " at byte offset "
                                + f.offset() + " does not decode: " + e.getMessage()));
                    }
                }
            }
        }
        return new Outcome(count, Optional.empty());
    }
}
