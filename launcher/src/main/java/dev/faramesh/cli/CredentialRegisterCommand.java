package dev.faramesh.cli;

import dev.faramesh.broker.BackendRegistry;
import dev.faramesh.broker.BackendContext;
import dev.faramesh.broker.Broker;
import dev.faramesh.broker.CredentialUnavailableException;
import dev.faramesh.broker.Lease;
import dev.faramesh.broker.registry.CredentialRegistry;
import dev.faramesh.broker.registry.RegistryDurations;
import dev.faramesh.broker.registry.RegistryException;
import dev.faramesh.policy.CredentialBinding;
import dev.faramesh.policy.SourceRef;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code faramesh credential register --name N --backend B --path P [--field F] [--version V]
 * [--hosts h1,h2] [--env VAR] [--ttl 5m] [--check]}: adds or replaces a binding in the registry file
 * the agent reads at start, together with the non-secret backend flags given ({@code --vault-addr},
 * region, project, vault URL). Never stores a value or a token. {@code --check} first reads the
 * credential once through the real backend (the value is not printed).
 */
@Command(name = "register", description = "Bind a credential name to a backend path in the registry.")
final class CredentialRegisterCommand implements Callable<Integer> {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
  private static final Map<String, String> ALIASES = Map.of("aws", "aws-sm", "aws_secrets_manager", "aws-sm",
      "gcp", "gcp-sm", "azure", "azure-kv", "onepassword", "1password");

  @Mixin
  CredentialOptions options;

  @Option(names = "--name", required = true, description = "Credential name agents and policies refer to.")
  String name;

  @Option(names = "--backend", required = true,
      description = "env, vault, aws-sm, gcp-sm, azure-kv, 1password or infisical.")
  String backend;

  @Option(names = "--path", required = true, description = "Where the backend keeps it (e.g. secret/data/stripe/api-key).")
  String path;

  @Option(names = "--field", description = "Key of a JSON/KV secret, or a 1Password field label.")
  String field;

  @Option(names = "--version", description = "Pin a backend version.")
  String version;

  @Option(names = "--hosts", split = ",", paramLabel = "HOST",
      description = "Hosts the credential may be sent to (globs, comma-separated or repeated).")
  List<String> hosts = new ArrayList<>();

  @Option(names = "--env", paramLabel = "VAR",
      description = "Environment variable the agent's process sees only as a placeholder (repeatable).")
  List<String> env = new ArrayList<>();

  @Option(names = "--scope", split = ",", paramLabel = "TOOL", description = "Tools allowed to use it (globs).")
  List<String> scope = new ArrayList<>();

  @Option(names = "--ttl", defaultValue = "5m", description = "How long a fetched value may be cached (default 5m).")
  String ttl;

  @Option(names = "--check", description = "Read the credential once through the backend before saving.")
  boolean check;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!NAME.matcher(name).matches()) {
      err.println("faramesh: --name must be letters, digits, '_', '.', '-' (got \"" + name + "\")");
      return 2;
    }
    String type = ALIASES.getOrDefault(backend.toLowerCase(Locale.ROOT), backend.toLowerCase(Locale.ROOT));
    BackendRegistry known = BackendRegistry.load(CredentialRegisterCommand.class.getClassLoader(),
        BackendContext.builder().build());
    if (!known.supports(type)) {
      err.println("faramesh: unknown backend \"" + backend + "\"; this build provides " + known.types());
      return 2;
    }
    Duration d;
    try {
      d = RegistryDurations.parse(ttl);
    } catch (IllegalArgumentException e) {
      err.println("faramesh: --ttl " + e.getMessage());
      return 2;
    }
    if (path.isBlank()) {
      err.println("faramesh: --path is empty");
      return 2;
    }
    CredentialBinding b = new CredentialBinding(name, type, path, env, hosts, scope, d, null,
        new SourceRef(options.registryFile().toString(), 1, 1), blank(field), blank(version));
    if (check) {
      CredentialOptions.Sources current;
      try {
        current = options.read();
      } catch (Exception e) {
        err.println("faramesh: " + e.getMessage());
        return 1;
      }
      List<CredentialBinding> only = List.of(b);
      try (Broker broker = options.broker(new CredentialOptions.Sources(current.registry(), null, only,
          current.providers()))) {
        Lease l = broker.lease(b);
        out.println("checked: " + name + " resolves in " + type + (l.version() == null ? "" : " (version "
            + l.version() + ")"));
        l.close();
      } catch (CredentialUnavailableException e) {
        err.println("faramesh: check failed: " + e.reasonCode() + ": " + e.getMessage());
        return 1;
      }
    }
    try {
      CredentialRegistry r = CredentialRegistry.update(options.registryFile(), reg -> {
        reg.put(b);
        options.storableFlags().forEach((k, v) -> reg.backendSetting(k[0], k[1], v));
      });
      out.println("registered " + name + " -> " + type + " " + path + (b.field() == null ? "" : " field " + b.field())
          + (b.version() == null ? "" : " version " + b.version()) + ", ttl " + RegistryDurations.format(d)
          + (hosts.isEmpty() ? "" : ", hosts " + String.join(",", hosts)) + " in " + r.file());
      if (options.vaultToken != null) {
        out.println("note: --vault-token was used for this command only; it is never stored");
      }
      return 0;
    } catch (RegistryException e) {
      err.println("faramesh: " + e.getMessage());
      return 1;
    }
  }

  private static String blank(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
