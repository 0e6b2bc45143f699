package dev.faramesh.audit;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The verdict of {@link AuditVerifier}: how much was checked, each agent's chain tip, and the first
 * violation if any. Verification stops at the first violation, so counts then cover only what came
 * before it. {@code notes} lists things that are not violations but worth printing (zero-filled space
 * after the last frame, a chain restarted from genesis at a segment boundary as compaction does).
 */
public record VerificationResult(List<Path> segments, long frames, long records, long controlFrames,
                                 Map<String, String> tipsByAgent, Optional<Violation> violation, List<String> notes) {

    public boolean valid() {
        return violation.isEmpty();
    }

    /** One line for the CLI, in the daemon's wording when the WAL is intact. */
    public String summary() {
        if (valid()) {
            return "\u2713 Chain integrity verified. " + records + " records, 0 violations.";
        }
        return "\u2717 Chain integrity violated after " + records + " valid records: " + violation.get().describe();
    }
}
