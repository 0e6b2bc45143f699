package dev.faramesh.cli;

import dev.faramesh.launcher.Launcher;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code faramesh dev -- CMD ARGS...}: {@code faramesh run} as the built-in dev identity
 * ({@code spiffe://localhost/dev/<host>/<stack>/<agent>}), with every DPR tagged dev.
 */
@Command(name = "dev", description = "Like run, as the dev identity; every DPR is tagged dev.")
final class DevCommand implements Callable<Integer> {

  @CommandLine.Mixin
  LaunchArguments arguments;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    return Launcher.run(arguments.options(true), err);
  }
}
