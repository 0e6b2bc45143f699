package dev.faramesh.audit;

import java.nio.file.Path;

/**
 * The first bad frame or record in a WAL and what exactly is wrong with it. {@code recordId} and
 * {@code agentId} are empty when the frame could not be decoded that far.
 *
 * @param segment    the WAL file it is in
 * @param frameIndex its position among that file's frames, from 0, control frames included
 * @param offset     byte offset of its frame header in that file
 */
public record Violation(Path segment, long frameIndex, long offset, String recordId, String agentId,
                        ViolationKind kind, String detail) {

    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append(kind).append(" in ").append(segment).append(" at frame ").append(frameIndex)
                .append(" (byte offset ").append(offset).append(')');
        if (!recordId.isEmpty()) {
            sb.append(" record_id=").append(recordId);
        }
        if (!agentId.isEmpty()) {
            sb.append(" agent_id=").append(agentId);
        }
        return sb.append(": ").append(detail).toString();
    }
}
