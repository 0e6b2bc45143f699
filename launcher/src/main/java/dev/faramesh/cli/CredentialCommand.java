package dev.faramesh.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code faramesh credential register|list|rotate|health}. */
@Command(name = "credential", description = "Bind credentials to secret backends, list, rotate and health-check them.",
    subcommands = {CredentialRegisterCommand.class, CredentialListCommand.class, CredentialRotateCommand.class,
        CredentialHealthCommand.class})
final class CredentialCommand implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
