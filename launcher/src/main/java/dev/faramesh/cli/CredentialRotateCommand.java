package dev.faramesh.cli;

import dev.faramesh.broker.Broker;
import dev.faramesh.broker.CredentialUnavailableException;
import dev.faramesh.broker.Rotation;
import dev.faramesh.broker.registry.CredentialRegistry;
import dev.faramesh.broker.registry.RegistryException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code faramesh credential rotate --name X}: asks the backend to make a new value where it has a
 * call for that (AWS {@code RotateSecret}, ...), then stamps the rotation in the registry file so
 * every running agent's broker drops its cached value before its next use; the next call gets the
 * backend's current value. Exit 1 when the backend refused or is down (the stamp is not written).
 */
@Command(name = "rotate", description = "Rotate a credential at its backend and drop cached values everywhere.")
final class CredentialRotateCommand implements Callable<Integer> {

  @Mixin
  CredentialOptions options;

  @Option(names = "--name", required = true, description = "The credential to rotate.")
  String name;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    CredentialOptions.Sources s = options.readOrReport(err);
    if (s == null) {
      return 1;
    }
    Rotation r;
    try (Broker broker = options.broker(s)) {
      r = broker.rotate(name);
    } catch (CredentialUnavailableException e) {
      err.println("faramesh: rotate " + name + ": " + e.reasonCode() + ": " + e.getMessage());
      return 1;
    }
    try {
      CredentialRegistry.update(s.registry().file(), reg -> reg.rotated(name, Instant.now()));
    } catch (RegistryException e) {
      err.println("faramesh: rotated at the backend, but running agents were not told: " + e.getMessage());
      return 1;
    }
    out.println((r.byBackend() ? "rotated " + name + " at the backend" + (r.version() == null ? ""
        : " (new version " + r.version() + ")") : "rotated " + name + ": " + r.detail())
        + "; running agents drop their cached value before the next use");
    return 0;
  }
}
