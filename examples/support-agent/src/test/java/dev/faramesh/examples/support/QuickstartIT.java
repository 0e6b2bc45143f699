package dev.faramesh.examples.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faramesh.audit.AuditReader;
import dev.faramesh.audit.DprRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's quick start, run as the README runs it: {@code examples/quickstart} from the
 * repository root (after the build this module is part of), offline, with no OpenAI key. Asserts
 * what it prints (each decision, the model being told of each denial, {@code audit verify}'s
 * verdict) and what the WAL holds.
 */
class QuickstartIT {

  private static final Path REPO = Path.of(System.getProperty("faramesh.repo", "../..")).toAbsolutePath().normalize();

  private static int exit;
  private static String out;
  private static List<DprRecord> decisions;

  @BeforeAll
  static void runQuickstart() throws Exception {
    ProcessBuilder pb = new ProcessBuilder("bash", "examples/quickstart").directory(REPO.toFile())
        .redirectErrorStream(true);
    pb.environment().remove("OPENAI_API_KEY");
    pb.environment().remove("OPENAI_BASE_URL");
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Path log = Files.createTempFile("faramesh-quickstart", ".log");
    pb.redirectOutput(log.toFile());
    Process p = pb.start();
    if (!p.waitFor(180, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("examples/quickstart did not finish in 180 s:\n" + Files.readString(log));
    }
    exit = p.exitValue();
    out = Files.readString(log, StandardCharsets.UTF_8);
    Files.delete(log);
    decisions = new ArrayList<>();
    AuditReader.forEach(REPO.resolve("examples/support-agent/target/quickstart/wal"), e -> decisions.add(e.record()));
  }

  @Test
  void itRunsUnderTheAgentAndEndsWithAVerifiedChain() {
    assertThat(exit).as(out).isZero();
    assertThat(out).contains("-javaagent:javaagent/target/faramesh.jar=policy=examples/governance.fms,agent=support-agent")
        .contains("faramesh: governing support-agent")
        .contains("model: built-in scripted model (offline)")
        .contains("agent answer: ");
    String verify = out.substring(out.lastIndexOf("audit verify"));
    assertThat(verify).contains("Chain integrity verified. " + decisions.size() + " records, 0 violations.");
  }

  @Test
  void itPrintsEveryDecision() {
    String tail = out.substring(out.indexOf("audit tail"), out.lastIndexOf("audit verify"));
    assertThat(lines(tail, "PERMIT +support-agent +lookup_customer")).hasSize(2);
    assertThat(lines(tail, "PERMIT +support-agent +refund_payment")).hasSize(1);
    assertThat(lines(tail, "DENY +support-agent +refund_payment +fpl-\\d+ +RULE_DENY +tier-1 agents refund up to \\$200")).hasSize(1);
    assertThat(lines(tail, "DENY +support-agent +refund_payment +fpl-\\d+ +BUDGET_DAILY_EXCEEDED")).hasSize(1);
    assertThat(lines(tail, "DENY +support-agent +delete_customer +fpl-\\d+ +FPL_STRICT_DENY +customer records are never deleted")).hasSize(1);
    assertThat(lines(tail, "DENY +support-agent +lookup_customer +fpl-\\d+ +RATE_EXCEEDED")).hasSize(1);
    assertThat(lines(tail, "DENY +support-agent +http/get +- +UNMATCHED_DENY")).hasSize(1);
    assertThat(lines(tail, "(PERMIT|DENY) ")).hasSize(decisions.size());
  }

  @Test
  void deniedToolsNeverRanAndTheModelWasToldWhy() {
    assertThat(out).contains("tool ran: refund_payment 42 $150.0")
        .doesNotContain("tool ran: refund_payment 42 $900")
        .doesNotContain("tool ran: delete_customer")
        .doesNotContain("tool ran: lookup_customer 9");
    assertThat(out).contains("model was told: faramesh denied refund_payment")
        .contains("model was told: faramesh denied delete_customer")
        .contains("model was told: faramesh denied lookup_customer")
        .contains("model was told: request failed: faramesh denied http/get https://paste.example.net:443/upload");
  }

  @Test
  void theCrmTokenReachesTheCrmOnlyInsideLookupCustomer() {
    // the CRM stand-in answers 200 only to the real token, which only the agent holds
    assertThat(out).contains("tool ran: lookup_customer 42 -> {\"id\":\"42\"")
        .contains("app's own CRM request, outside any tool call: HTTP 401");
    assertThat(decisions).filteredOn(d -> "delete_customer".equals(d.toolId()))
        .extracting(DprRecord::effect).containsExactly("DENY");
  }

  private static List<String> lines(String text, String regex) {
    Pattern p = Pattern.compile(regex);
    return text.lines().filter(l -> p.matcher(l).find()).toList();
  }

}
