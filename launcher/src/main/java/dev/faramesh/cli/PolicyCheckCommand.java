package dev.faramesh.cli;

import dev.faramesh.policy.Diagnostic;
import dev.faramesh.policy.Policy;
import dev.faramesh.policy.PolicyException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code faramesh policy check F...}: compiles each file and prints every error and warning as
 * {@code file:line:col: message} with the line and a caret. Exit 1 when any file has an error.
 */
@Command(name = "check", description = "Check policy files; print every error and warning with its position.")
final class PolicyCheckCommand implements Callable<Integer> {

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "governance.fms files to check")
  List<Path> files;

  @CommandLine.Option(names = "--warnings-as-errors", description = "Fail on warnings too.")
  boolean strict;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    int failed = 0;
    for (Path f : files) {
      try {
        Policy p = Policy.load(f);
        for (Diagnostic d : p.warnings()) {
          err.println(d.format());
        }
        if (strict && !p.warnings().isEmpty()) {
          failed++;
          out.println(f + ": " + p.warnings().size() + " warning(s), failing because of --warnings-as-errors");
          continue;
        }
        long rules = p.agents().values().stream().mapToLong(a -> a.rules().rules().size()).sum();
        out.println(f + ": ok (" + p.agents().size() + " agent(s), " + rules + " rule(s), "
            + p.credentials().size() + " credential(s), version " + p.version() + ")");
      } catch (PolicyException e) {
        failed++;
        err.println(e.getMessage());
      }
    }
    return failed == 0 ? 0 : 1;
  }
}
