package dev.faramesh.cli;

import dev.faramesh.policy.Decision;
import dev.faramesh.policy.Policy;
import dev.faramesh.policy.PolicyEngine;
import dev.faramesh.policy.PolicyException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code faramesh policy test F --cases DIR}: runs every {@code *.json} case file in DIR against
 * the policy. Cases of one file share one engine, in order, so rate limits and budgets can be
 * tested. Exit 1 when a case fails or a case file is invalid.
 */
@Command(name = "test", description = "Run fixture cases (action + principal + expected effect) against a policy.")
final class PolicyTestCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "FILE", description = "The governance.fms file.")
  Path file;

  @Option(names = "--cases", required = true, paramLabel = "DIR", description = "Directory of *.json case files.")
  Path cases;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Policy policy;
    try {
      policy = Policy.load(file);
    } catch (PolicyException e) {
      err.println(e.getMessage());
      return 1;
    }
    if (!Files.isDirectory(cases)) {
      err.println("faramesh: " + cases + " is not a directory of case files");
      return 1;
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(cases)) {
      files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    if (files.isEmpty()) {
      err.println("faramesh: no *.json case files in " + cases);
      return 1;
    }
    int passed = 0;
    int failed = 0;
    for (Path f : files) {
      List<PolicyCase> list;
      try {
        list = PolicyCase.read(f);
      } catch (IOException e) {
        err.println(f + ": invalid case file: " + e.getMessage());
        failed++;
        continue;
      }
      PolicyEngine engine = PolicyEngine.of(policy);
      for (PolicyCase c : list) {
        Decision d = engine.decide(c.action(), c.principal());
        String problem = check(c, d);
        if (problem == null) {
          passed++;
          out.println("PASS " + f.getFileName() + " :: " + c.name());
        } else {
          failed++;
          out.println("FAIL " + f.getFileName() + " :: " + c.name() + ": " + problem);
        }
      }
    }
    out.println(passed + " passed, " + failed + " failed");
    return failed == 0 ? 0 : 1;
  }

  private static String check(PolicyCase c, Decision d) {
    if (!d.effect().name().equals(c.expect())) {
      return "expected " + c.expect().toLowerCase() + ", got " + d.describe();
    }
    if (c.rule() != null && !c.rule().equals(d.ruleId())) {
      return "expected rule " + c.rule() + ", got " + d.describe();
    }
    if (c.reasonCode() != null && !c.reasonCode().equals(d.reasonCode())) {
      return "expected reason code " + c.reasonCode() + ", got " + d.describe();
    }
    return null;
  }
}
