package dev.faramesh.audit;

import java.nio.file.Path;

/**
 * What {@link DprWriter#open} found in the existing WAL: how much was intact, and whether a torn tail
 * (an incomplete last write) was cut off, where and why. Callers print {@link #describe()} when
 * {@link #truncated()} is true; a torn tail is expected after a crash but always worth reporting.
 *
 * @param walFile          the live WAL file
 * @param fileSize         its size when opened
 * @param validEnd         the offset just past the last intact frame (where appends continue)
 * @param records          DPR frames recovered, archives included
 * @param controlFrames    control frames recovered, archives included
 * @param agents           agents whose chain tips were recovered
 * @param truncatedAt      offset the file was truncated at, or -1
 * @param truncatedBytes   bytes removed, 0 if none
 * @param reason           why the tail was judged torn, or null
 * @param zeroFilledBytes  zero bytes after the last frame (preallocated space), kept for reuse
 */
public record RecoveryReport(Path walFile, long fileSize, long validEnd, long records, long controlFrames, int agents,
                             long truncatedAt, long truncatedBytes, String reason, long zeroFilledBytes) {

    public boolean truncated() {
        return truncatedBytes > 0;
    }

    public String describe() {
        if (!truncated()) {
            return "WAL " + walFile + ": " + records + " records, " + controlFrames + " control frames, "
                    + agents + " agents recovered; no damage";
        }
        return "WAL " + walFile + ": torn tail truncated at byte offset " + truncatedAt + " (" + truncatedBytes
                + " bytes removed): " + reason + "; " + records + " records, " + controlFrames
                + " control frames, " + agents + " agents recovered";
    }
}
