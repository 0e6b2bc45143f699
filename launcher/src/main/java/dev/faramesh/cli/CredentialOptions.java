package dev.faramesh.cli;

import dev.faramesh.broker.BackendContext;
import dev.faramesh.broker.BackendRegistry;
import dev.faramesh.broker.Broker;
import dev.faramesh.broker.registry.CredentialRegistry;
import dev.faramesh.broker.registry.RegistryException;
import dev.faramesh.broker.registry.RegistryRotations;
import dev.faramesh.policy.CredentialBinding;
import dev.faramesh.policy.Diagnostic;
import dev.faramesh.policy.Policy;
import dev.faramesh.policy.PolicyException;
import dev.faramesh.policy.ProviderConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * What every {@code faramesh credential} command shares: where the registry and the policy are, and
 * the backend flags of the Faramesh daemon ({@code --vault-addr}, {@code --vault-token},
 * {@code --aws-secrets-region}, {@code --gcp-secrets-project}, {@code --azure-vault-url}). Flags win over
 * {@code FARAMESH_CREDENTIAL_*} variables, which win over the policy's {@code provider} blocks, which win
 * over settings kept in the registry.
 */
final class CredentialOptions {

  /** Backend flag to (backend type, setting key). */
  static final Map<String, String[]> FLAGS = Map.of(
      "--vault-addr", new String[] {"vault", "addr"},
      "--vault-token", new String[] {"vault", "token"},
      "--aws-secrets-region", new String[] {"aws-sm", "region"},
      "--gcp-secrets-project", new String[] {"gcp-sm", "project"},
      "--azure-vault-url", new String[] {"azure-kv", "vault_url"});

  @Option(names = "--registry", paramLabel = "FILE",
      description = "Credential registry file (default: $FARAMESH_CREDENTIAL_REGISTRY or .faramesh/credentials.json).")
  Path registry;

  @Option(names = "--policy", paramLabel = "FILE",
      description = "Policy whose credential and provider blocks are included (default: $FARAMESH_POLICY, else "
          + "governance.fms when it exists).")
  Path policy;

  @Option(names = "--vault-addr", paramLabel = "URL", description = "HashiCorp Vault address.")
  String vaultAddr;

  @Option(names = "--vault-token", paramLabel = "TOKEN",
      description = "Vault token for this command (never stored; prefer FARAMESH_CREDENTIAL_VAULT_TOKEN).")
  String vaultToken;

  @Option(names = "--aws-secrets-region", paramLabel = "REGION", description = "AWS Secrets Manager region.")
  String awsRegion;

  @Option(names = "--gcp-secrets-project", paramLabel = "PROJECT", description = "GCP Secret Manager project.")
  String gcpProject;

  @Option(names = "--azure-vault-url", paramLabel = "URL", description = "Azure Key Vault URL (https).")
  String azureVaultUrl;

  Map<String, String> environment() {
    return System.getenv();
  }

  Path workingDirectory() {
    return Path.of("").toAbsolutePath();
  }

  Path registryFile() {
    return registry != null ? workingDirectory().resolve(registry)
        : CredentialRegistry.locate(environment(), workingDirectory());
  }

  /** The policy file to include, or {@code null}. */
  Path policyFile() {
    if (policy != null) {
      return workingDirectory().resolve(policy);
    }
    String configured = environment().get("FARAMESH_POLICY");
    if (configured != null && !configured.isBlank()) {
      return workingDirectory().resolve(configured);
    }
    Path dflt = workingDirectory().resolve("governance.fms");
    return Files.isRegularFile(dflt) ? dflt : null;
  }

  /** Non-secret backend settings given as flags, as (type, key) to value; the Vault token is left out. */
  Map<String[], String> storableFlags() {
    Map<String[], String> out = new LinkedHashMap<>();
    put(out, "--vault-addr", vaultAddr);
    put(out, "--aws-secrets-region", awsRegion);
    put(out, "--gcp-secrets-project", gcpProject);
    put(out, "--azure-vault-url", azureVaultUrl);
    return out;
  }

  private static void put(Map<String[], String> out, String flag, String value) {
    if (value != null && !value.isBlank()) {
      out.put(FLAGS.get(flag), value);
    }
  }

  /** Everything a broker needs, read once. */
  record Sources(CredentialRegistry registry, Policy policy, List<CredentialBinding> bindings,
      List<ProviderConfig> providers) {}

  Sources read() throws RegistryException, PolicyException {
    CredentialRegistry reg = CredentialRegistry.read(registryFile());
    Path p = policyFile();
    if (p == null) {
      return new Sources(reg, null, reg.bindings(), List.of());
    }
    Policy pol = Policy.load(p, reg.bindings());
    return new Sources(reg, pol, pol.credentials(), pol.providers());
  }

  /** {@link #read()}, or {@code null} after printing to {@code err} why it could not. */
  Sources readOrReport(java.io.PrintWriter err) {
    try {
      return read();
    } catch (RegistryException e) {
      err.println("faramesh: " + e.getMessage());
    } catch (PolicyException e) {
      err.println("faramesh: " + describe(e));
    }
    return null;
  }

  /** A broker over every binding of {@code sources}, its backends configured as the agent's are, plus the flags. */
  Broker broker(Sources sources) {
    BackendContext.Builder ctx = BackendContext.builder().environment(environment()).providers(sources.providers())
        .registry(sources.registry().backendSettings()).workingDirectory(workingDirectory());
    storableFlags().forEach((k, v) -> ctx.flag(k[0], k[1], v));
    if (vaultToken != null && !vaultToken.isBlank()) {
      ctx.flag("vault", "token", vaultToken);
    }
    BackendRegistry backends = BackendRegistry.load(CredentialOptions.class.getClassLoader(), ctx.build());
    return Broker.builder().bindings(sources.bindings()).backends(backends).environment(environment())
        .random(new SecureRandom()).clock(Clock.systemUTC()).rotations(new RegistryRotations(sources.registry().file()))
        .build();
  }

  static String describe(PolicyException e) {
    StringBuilder b = new StringBuilder("the policy does not compile:");
    for (Diagnostic d : e.diagnostics()) {
      b.append("\n  ").append(d);
    }
    return b.toString();
  }
}
