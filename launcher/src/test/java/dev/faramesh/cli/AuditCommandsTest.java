package dev.faramesh.cli;

import static dev.faramesh.cli.PolicyCommandsTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.faramesh.audit.DprRecord;
import dev.faramesh.audit.DprWriter;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** audit verify|tail|show against WALs our writer produced, intact and tampered. */
class AuditCommandsTest {

  @TempDir
  Path dir;

  private List<DprRecord> write(int n) throws Exception {
    List<DprRecord> out = new ArrayList<>();
    try (DprWriter w = DprWriter.open(dir)) {
      for (int k = 0; k < n; k++) {
        out.add(w.append(DprRecord.builder().agentId(k % 2 == 0 ? "payments-bot" : "support-bot")
            .toolId("stripe/refund").effect(k % 3 == 0 ? "DENY" : "PERMIT").reasonCode(k % 3 == 0 ? "RULE_DENY" : "RULE_PERMIT")
            .reason("reason " + k).matchedRuleId("fpl-" + k).args(Map.of("amount", k)).callId("call-" + k).build()));
      }
    }
    return out;
  }

  @Test
  void verifyIntactWal() throws Exception {
    write(10);
    PolicyCommandsTest.Run r = run("audit", "verify", dir.toString());
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("Chain integrity verified. 10 records, 0 violations.").contains("2 agent chain(s)");
  }

  @Test
  void verifyNamesTheFirstTamperedRecord() throws Exception {
    List<DprRecord> records = write(6);
    Path wal = dir.resolve("faramesh.wal");
    // Flip "reason 3" to "reason X" inside record 3's payload, keeping the frame's CRC valid.
    byte[] all = java.nio.file.Files.readAllBytes(wal);
    int offset = 0;
    for (int k = 0; k < 3; k++) {
      offset += 13 + ByteBuffer.wrap(all, offset + 5, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }
    int len = ByteBuffer.wrap(all, offset + 5, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    String payload = new String(all, offset + 13, len, StandardCharsets.UTF_8).replace("reason 3", "reason X");
    byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(bytes);
    ByteBuffer frame = ByteBuffer.allocate(13 + bytes.length).order(ByteOrder.LITTLE_ENDIAN);
    frame.putInt(0x4657414C).put((byte) 1).putInt(bytes.length).putInt((int) crc.getValue()).put(bytes).flip();
    try (FileChannel ch = FileChannel.open(wal, StandardOpenOption.WRITE)) {
      ch.write(frame, offset);
    }
    PolicyCommandsTest.Run r = run("audit", "verify", wal.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains("frame 3").contains(records.get(3).recordId()).contains("agent_id=support-bot");
  }

  @Test
  void tailAndShow() throws Exception {
    List<DprRecord> records = write(5);
    PolicyCommandsTest.Run tail = run("audit", "tail", dir.toString(), "-n", "2");
    assertThat(tail.code()).isZero();
    assertThat(tail.out().strip().split("\n")).hasSize(2);
    assertThat(tail.out()).contains("fpl-4").contains("reason 4").doesNotContain("reason 2");
    PolicyCommandsTest.Run show = run("audit", "show", records.get(1).recordId(), "--wal", dir.toString());
    assertThat(show.code()).isZero();
    assertThat(show.out()).contains("\"record_id\" : \"" + records.get(1).recordId() + "\"").contains("\"record_hash\"");
    assertThat(run("audit", "show", "nope", "--wal", dir.toString()).code()).isEqualTo(1);
    assertThat(run("audit", "verify", dir.resolve("missing").toString()).code()).isEqualTo(1);
  }
}
