package dev.faramesh.cli;

import dev.faramesh.launcher.Launcher;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code faramesh run [--policy F] [--agent ID] [--mode M] -- CMD ARGS...}: runs the command
 * governed, without ambient credentials in its environment (see {@link Launcher}). Exits with the
 * command's status; 78 when the run cannot start (policy, identity, mode), 127/126 when the
 * command cannot be found or executed.
 */
@Command(name = "run", description = "Run a command governed: credentials stay in the launcher's broker, "
    + "the command gets placeholders, a credential-injecting proxy and, for JVMs, the agent.")
final class RunCommand implements Callable<Integer> {

  @CommandLine.Mixin
  LaunchArguments arguments;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    return Launcher.run(arguments.options(false), err);
  }
}
