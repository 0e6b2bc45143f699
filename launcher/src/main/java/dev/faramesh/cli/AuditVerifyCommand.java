package dev.faramesh.cli;

import dev.faramesh.audit.AuditVerifier;
import dev.faramesh.audit.VerificationResult;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code faramesh audit verify [WAL]}: checks frames, hashes, genesis and per-agent links of a WAL
 * file or directory (archives first). Exit 0 when intact; 1 naming the first bad record otherwise.
 */
@Command(name = "verify", description = "Verify the hash chains of a WAL file or directory.")
final class AuditVerifyCommand implements Callable<Integer> {

  @Parameters(index = "0", arity = "0..1", paramLabel = "WAL",
      description = "WAL file or directory (default: $FARAMESH_WAL_DIR or .faramesh/wal).")
  Path wal;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Path target = WalLocation.resolve(wal);
    if (!Files.exists(target)) {
      spec.commandLine().getErr().println("faramesh: no WAL at " + target);
      return 1;
    }
    VerificationResult r = AuditVerifier.verify(target);
    for (String note : r.notes()) {
      out.println("note: " + note);
    }
    out.println(r.summary());
    if (r.valid()) {
      out.println(r.tipsByAgent().size() + " agent chain(s) in " + r.segments().size() + " file(s)");
    }
    return r.valid() ? 0 : 1;
  }
}
