package dev.faramesh.cli;

import dev.faramesh.broker.registry.RegistryDurations;
import dev.faramesh.policy.CredentialBinding;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code faramesh credential list}: every binding the agent would use (the registry's, and the
 * policy's {@code credential} blocks when a policy is found), with backend, path, TTL, hosts and where
 * it was declared. Never contacts a backend and never shows a value.
 */
@Command(name = "list", description = "Show credential bindings (never values).")
final class CredentialListCommand implements Callable<Integer> {

  @Mixin
  CredentialOptions options;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    CredentialOptions.Sources s = options.readOrReport(spec.commandLine().getErr());
    if (s == null) {
      return 1;
    }
    if (s.bindings().isEmpty()) {
      out.println("no credentials registered in " + s.registry().file()
          + (s.policy() == null ? "" : " or declared in " + s.policy().file()));
      return 0;
    }
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"NAME", "BACKEND", "PATH", "TTL", "HOSTS", "ENV", "DECLARED IN"});
    Map<String, String> rotations = s.registry().rotations();
    for (CredentialBinding b : s.bindings()) {
      String path = b.path() + (b.field() == null ? "" : " [" + b.field() + "]")
          + (b.version() == null ? "" : " @" + b.version());
      rows.add(new String[] {b.name(), b.backend(), path, b.ttl() == null ? "-" : RegistryDurations.format(b.ttl()),
          b.hosts().isEmpty() ? "-" : String.join(",", b.hosts()), b.env().isEmpty() ? "-" : String.join(",", b.env()),
          b.ref() == null ? "-" : b.ref().file()
              + (rotations.containsKey(b.name()) ? " (rotated " + rotations.get(b.name()).replaceAll("#.*", "") + ")"
                  : "")});
    }
    int[] width = new int[rows.get(0).length];
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    for (String[] r : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < r.length; i++) {
        line.append(i == r.length - 1 ? r[i] : String.format("%-" + width[i] + "s  ", r[i]));
      }
      out.println(line.toString().stripTrailing());
    }
    return 0;
  }
}
