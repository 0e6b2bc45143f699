package dev.faramesh.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.faramesh.audit.AuditReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code faramesh audit show RECORD_ID [--wal WAL]}: one record, every field, pretty-printed. */
@Command(name = "show", description = "Print one DPR record by its record_id.")
final class AuditShowCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "RECORD_ID", description = "The record_id to show.")
  String recordId;

  @Option(names = "--wal", paramLabel = "WAL", description = "WAL file or directory (default: $FARAMESH_WAL_DIR or .faramesh/wal).")
  Path wal;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    Path target = WalLocation.resolve(wal);
    if (!Files.exists(target)) {
      spec.commandLine().getErr().println("faramesh: no WAL at " + target);
      return 1;
    }
    Optional<AuditReader.Entry> e = AuditReader.find(target, recordId);
    if (e.isEmpty()) {
      spec.commandLine().getErr().println("faramesh: no record " + recordId + " in " + target);
      return 1;
    }
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    spec.commandLine().getOut().println(json.writeValueAsString(json.readTree(e.get().record().toJson())));
    spec.commandLine().getOut().println("(" + e.get().segment() + ", frame " + e.get().frameIndex() + ")");
    return 0;
  }
}
