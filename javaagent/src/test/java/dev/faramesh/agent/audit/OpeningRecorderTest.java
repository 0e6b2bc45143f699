package dev.faramesh.agent.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faramesh.agent.decision.AuditFailure;
import dev.faramesh.agent.decision.DecisionRecord;
import dev.faramesh.audit.AuditReader;
import dev.faramesh.audit.AuditVerifier;
import dev.faramesh.audit.DprRecord;
import dev.faramesh.policy.Action;
import dev.faramesh.policy.Decision;
import dev.faramesh.policy.HttpTarget;
import dev.faramesh.policy.Mode;
import dev.faramesh.policy.Principal;
import dev.faramesh.policy.ReasonCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The WAL the agent writes: one durable, verifiable DPR per decision, or a failure to deny on. */
class OpeningRecorderTest {

  @TempDir Path dir;

  private static DecisionRecord record(String host) {
    Principal p = Principal.builder("bot", "spiffe://localhost/dev/h/s/bot").dev(true).build();
    Action a = Action.http(new HttpTarget("https", host, 443, "GET", "/x", null), "jdk-httpclient");
    return new DecisionRecord(a, p, Decision.deny(ReasonCodes.UNMATCHED_DENY, "no rule"), Mode.ENFORCE, "0123456789abcdef",
        host, 443, List.of(), Instant.now());
  }

  @Test
  void recordsAreDurableDevTaggedAndVerify() throws Exception {
    OpeningRecorder r = OpeningRecorder.start(dir, true);
    r.record(record("api.example.com"));
    r.record(record("exfil.example.com"));
    r.close();
    assertThat(AuditVerifier.verify(dir).valid()).isTrue();
    List<DprRecord> records = new ArrayList<>();
    AuditReader.forEach(dir, e -> records.add(e.record()));
    assertThat(records).hasSize(2).allSatisfy(d -> {
      assertThat(d.devMode()).isTrue();
      assertThat(d.effect()).isEqualTo("DENY");
      assertThat(d.networkHostHash()).hasSize(16);
      assertThat(d.interceptAdapter()).isEqualTo("jdk-httpclient");
    });
    assertThat(Files.readString(dir.resolve("faramesh.wal"), java.nio.charset.StandardCharsets.ISO_8859_1))
        .doesNotContain("exfil.example.com");
  }

  @Test
  void aWalThatCannotBeOpenedFailsEveryRecord() throws Exception {
    Path wal = dir.resolve("wal");
    OpeningRecorder first = OpeningRecorder.start(wal, true);
    first.record(record("a.example.com"));
    first.record(record("b.example.com"));
    first.close();
    // damage in the first frame with an intact one after it: the writer refuses to open
    byte[] bytes = Files.readAllBytes(wal.resolve("faramesh.wal"));
    bytes[40] ^= 0x20;
    Files.write(wal.resolve("faramesh.wal"), bytes);
    OpeningRecorder r = OpeningRecorder.start(wal, true);
    assertThatThrownBy(() -> r.record(record("api.example.com"))).isInstanceOf(AuditFailure.class)
        .hasMessageContaining("could not be opened");
    assertThatThrownBy(() -> r.record(record("api.example.com"))).isInstanceOf(AuditFailure.class);
    r.close();
  }
}
