package dev.faramesh.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code faramesh} command. Each subcommand is its own class; this one only wires them and
 * sets the conventions every subcommand follows: exit 0 on success, 1 when the thing checked is
 * wrong (invalid policy, failed test case, broken audit chain), 2 on a usage error.
 */
@Command(name = "faramesh", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
    description = "Governance for AI agents on the JVM: policy decisions, audit chain, brokered credentials.",
    subcommands = {PolicyCommand.class, AuditCommand.class, VersionCommand.class, CommandLine.HelpCommand.class,
        RunCommand.class, DevCommand.class, IdentityCommand.class,
        CredentialCommand.class})
public final class FarameshCli implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the CLI and returns its exit code (tests call this instead of {@link #main}). */
  public static int execute(String... args) {
    return execute(new java.io.PrintWriter(System.out, true), new java.io.PrintWriter(System.err, true), args);
  }

  /** Runs the CLI with the given output streams and returns its exit code. */
  public static int execute(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new FarameshCli());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
      // Never a stack trace for the user: one line saying what failed.
      cmd.getErr().println("faramesh: " + ex.getMessage());
      return 1;
    });
    // run/dev: everything after the first non-option word belongs to the command
    for (String launching : new String[] {"run", "dev"}) {
      cli.getSubcommands().get(launching).setStopAtPositional(true);
    }
    return cli.execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
