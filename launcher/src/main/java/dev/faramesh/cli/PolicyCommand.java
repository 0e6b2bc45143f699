package dev.faramesh.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code faramesh policy check|test|explain}. */
@Command(name = "policy", description = "Check, test and explain governance.fms policies.",
    subcommands = {PolicyCheckCommand.class, PolicyTestCommand.class, PolicyExplainCommand.class})
final class PolicyCommand implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
