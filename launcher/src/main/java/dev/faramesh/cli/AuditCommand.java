package dev.faramesh.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code faramesh audit verify|tail|show}. */
@Command(name = "audit", description = "Verify and read the DPR audit chain (WAL).", subcommands = {AuditVerifyCommand.class, AuditTailCommand.class, AuditShowCommand.class})
final class AuditCommand implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
