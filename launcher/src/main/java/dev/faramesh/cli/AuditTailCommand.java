package dev.faramesh.cli;

import dev.faramesh.audit.AuditReader;
import dev.faramesh.audit.DprRecord;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code faramesh audit tail [WAL] [-n N] [--json]}: the last N decisions, one line each (time,
 * effect, agent, tool, rule, reason code, reason), or one JSON record per line.
 */
@Command(name = "tail", description = "Print the last decisions recorded in a WAL.")
final class AuditTailCommand implements Callable<Integer> {

  @Parameters(index = "0", arity = "0..1", paramLabel = "WAL",
      description = "WAL file or directory (default: $FARAMESH_WAL_DIR or .faramesh/wal).")
  Path wal;

  @Option(names = {"-n", "--lines"}, defaultValue = "20", description = "How many records (default: ${DEFAULT-VALUE}).")
  int lines;

  @Option(names = "--json", description = "One JSON record per line.")
  boolean json;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    Path target = WalLocation.resolve(wal);
    if (!Files.exists(target)) {
      spec.commandLine().getErr().println("faramesh: no WAL at " + target);
      return 1;
    }
    PrintWriter out = spec.commandLine().getOut();
    List<AuditReader.Entry> entries = AuditReader.tail(target, Math.max(0, lines));
    for (AuditReader.Entry e : entries) {
      out.println(json ? new String(e.record().toJson(), StandardCharsets.UTF_8) : line(e.record()));
    }
    return 0;
  }

  static String line(DprRecord r) {
    String rule = r.matchedRuleId() == null || r.matchedRuleId().isEmpty() ? "-" : r.matchedRuleId();
    return String.join("  ", nz(r.createdAt()), pad(nz(r.effect()), 13), nz(r.agentId()), nz(r.toolId()), rule,
        nz(r.reasonCode()), nz(r.reason())) + (r.devMode() ? "  [dev]" : "");
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }
}
