package dev.faramesh.agent.audit;

import dev.faramesh.agent.decision.AuditFailure;
import dev.faramesh.agent.decision.DecisionRecord;
import dev.faramesh.agent.decision.DecisionRecorder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Interim decision log: one JSON line per decision in {@code <dir>/decisions.jsonl}, forced to disk
 * before {@link #record} returns, so the fail-closed contract already holds. It stands in until
 * the DPR WAL writer is on main and is replaced by it in this one place.
 */
public final class JsonLinesRecorder implements DecisionRecorder {

  private final FileChannel channel;

  private JsonLinesRecorder(FileChannel channel) {
    this.channel = channel;
  }

  public static JsonLinesRecorder open(Path dir) throws IOException {
    Files.createDirectories(dir);
    return new JsonLinesRecorder(FileChannel.open(dir.resolve("decisions.jsonl"), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE, StandardOpenOption.APPEND));
  }

  @Override
  public synchronized void record(DecisionRecord r) throws AuditFailure {
    StringBuilder sb = new StringBuilder(256).append('{');
    field(sb, "created_at", r.decidedAt().toString());
    field(sb, "agent_id", r.principal().agentId());
    field(sb, "principal_id", r.principal().id());
    field(sb, "dev_mode", String.valueOf(r.principal().dev()));
    field(sb, "tool_id", r.action().toolId());
    field(sb, "effect", r.decision().effect().name());
    field(sb, "matched_rule_id", r.decision().ruleId());
    field(sb, "reason_code", r.decision().reasonCode());
    field(sb, "enforcement_mode", r.mode().id());
    field(sb, "policy_version", r.policyVersion());
    if (r.host() != null) {
      field(sb, "network_host", r.host());
      field(sb, "network_port", String.valueOf(r.port()));
    }
    field(sb, "credentials", String.join(",", r.credentials()));
    sb.setLength(sb.length() - 1);
    sb.append("}\n");
    try {
      ByteBuffer buf = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
      while (buf.hasRemaining()) {
        channel.write(buf);
      }
      channel.force(false);
    } catch (IOException | RuntimeException e) {
      throw new AuditFailure("decision log write failed: " + e.getClass().getSimpleName(), e);
    }
  }

  private static void field(StringBuilder sb, String name, String value) {
    sb.append('"').append(name).append("\":\"");
    String v = value == null ? "" : value;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    sb.append("\",");
  }

  @Override
  public synchronized void close() {
    try {
      channel.close();
    } catch (IOException ignored) {
      // every record was already forced
    }
  }
}
