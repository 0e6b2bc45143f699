package dev.faramesh.benchmarks.audit;

import dev.faramesh.audit.DprRecord;
import dev.faramesh.audit.DprWriter;
import dev.faramesh.audit.WriterOptions;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How long {@code DprWriter.open} takes on a WAL that already holds records (the agent opens its WAL at
 * every start and must find each chain's tip first). Run in a fresh JVM so class loading counts, as it
 * does at start-up:
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.faramesh.benchmarks.audit.WalOpenProbe DIR RECORDS
 * </pre>
 *
 * The first run with an empty {@code DIR} fills it with {@code RECORDS} records of 4 agents; every run then
 * prints the wall time of one open (recovery scan included) and close.
 */
public final class WalOpenProbe {

  private WalOpenProbe() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int records = Integer.parseInt(args[1]);
    if (!Files.isDirectory(dir) || Files.list(dir).findAny().isEmpty()) {
      Files.createDirectories(dir);
      try (DprWriter w = DprWriter.open(dir, WriterOptions.defaults())) {
        for (int i = 0; i < records; i++) {
          w.append(DprRecord.builder().agentId("agent-" + i % 4).toolId("http/get").actionType("http")
              .interceptAdapter("jdk-httpclient").effect("PERMIT").matchedRuleId("rule-1")
              .reasonCode("RULE_PERMIT").reason("permit http/get host 127.0.0.1").policyVersion("61867bacef64e516")
              .networkHostHash("12ca17b49af22894").networkPort(8080).build());
        }
      }
      System.out.println("filled " + dir + " with " + records + " records");
    }
    long start = System.nanoTime();
    try (DprWriter w = DprWriter.open(dir, WriterOptions.defaults())) {
      long opened = System.nanoTime();
      System.out.printf("open_ms=%.1f records=%d%n", (opened - start) / 1e6, w.recovery().records());
    }
  }
}
