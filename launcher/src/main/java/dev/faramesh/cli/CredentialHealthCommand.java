package dev.faramesh.cli;

import dev.faramesh.broker.BackendHealth;
import dev.faramesh.broker.Broker;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code faramesh credential health}: checks every backend a credential is bound to, or that has
 * settings, for real and in parallel (log in, read the first credential bound to it, revoke it at once
 * when it is a dynamic secret) and prints one line per backend with its status and latency. Exit 1
 * when any backend is down.
 */
@Command(name = "health", description = "Check every configured backend (auth + a read); exit 1 if any is down.")
final class CredentialHealthCommand implements Callable<Integer> {

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
    List<BackendHealth> checks;
    try (Broker broker = options.broker(s)) {
      checks = broker.health();
    }
    if (checks.isEmpty()) {
      out.println("no credential backend is configured or bound");
      return 0;
    }
    int width = checks.stream().mapToInt(h -> h.backend().length()).max().orElse(8);
    boolean allUp = true;
    for (BackendHealth h : checks) {
      allUp &= h.up();
      out.println(String.format("%-" + width + "s  %-4s  %6d ms  %s%s", h.backend(), h.up() ? "up" : "DOWN",
          h.latency().toMillis(), h.up() ? "" : h.reasonCode() + ": ", h.detail()));
    }
    return allUp ? 0 : 1;
  }
}
