package dev.faramesh.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code faramesh identity show}. */
@Command(name = "identity", description = "Show which identity the agent would attest as, and why.",
    subcommands = {IdentityShowCommand.class})
final class IdentityCommand implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
