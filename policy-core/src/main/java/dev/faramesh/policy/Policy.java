package dev.faramesh.policy;

import dev.faramesh.policy.engine.AgentRules;
import dev.faramesh.policy.fpl.FplCompiler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A loaded and checked {@code governance.fms}: its agents with compiled rules, credential
 * bindings, identity and trust configuration, runtime settings and the warnings {@code policy
 * check} prints. Immutable; the only way to get one is through {@link #load} or {@link #parse},
 * which throw {@link PolicyException} listing every error when the file is not valid.
 */
public final class Policy {

  private static final int MAX_UNDECLARED = 1024;

  private final String file;
  private final String version;
  private final RuntimeSettings runtime;
  private final Map<String, AgentPolicy> agents;
  private final List<CredentialBinding> credentials;
  private final List<IdentityConfig> identities;
  private final List<FederatedDomain> federations;
  private final List<Diagnostic> warnings;
  private final Function<String, AgentRules> undeclared;
  private final List<ProviderConfig> providers;
  private final ConcurrentHashMap<String, AgentRules> undeclaredCache = new ConcurrentHashMap<>();

  /** Used by the FPL compiler; everyone else loads policies through {@link #load} or {@link #parse}. */
  public Policy(String file, String version, RuntimeSettings runtime, Map<String, AgentPolicy> agents,
      List<CredentialBinding> credentials, List<IdentityConfig> identities, List<FederatedDomain> federations,
      List<Diagnostic> warnings, Function<String, AgentRules> undeclared) {
    this(file, version, runtime, agents, credentials, identities, federations, warnings, undeclared, List.of());
  }

  /** As above, with the policy's {@code provider} blocks. */
  public Policy(String file, String version, RuntimeSettings runtime, Map<String, AgentPolicy> agents,
      List<CredentialBinding> credentials, List<IdentityConfig> identities, List<FederatedDomain> federations,
      List<Diagnostic> warnings, Function<String, AgentRules> undeclared, List<ProviderConfig> providers) {
    this.providers = List.copyOf(providers);
    this.file = file;
    this.version = version;
    this.runtime = runtime;
    this.agents = Map.copyOf(agents);
    this.credentials = List.copyOf(credentials);
    this.identities = List.copyOf(identities);
    this.federations = List.copyOf(federations);
    this.warnings = List.copyOf(warnings);
    this.undeclared = undeclared;
  }

  /** Reads and compiles a policy file. */
  public static Policy load(Path path) throws PolicyException {
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new PolicyException(List.of(new Diagnostic(Diagnostic.Severity.ERROR, new SourceRef(path.toString(), 1, 1),
          "cannot read policy file: " + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage()),
          null)));
    }
    return parse(path.toString(), text);
  }

  /** Compiles policy text; {@code fileName} is what diagnostics and rule references call it. */
  public static Policy parse(String fileName, String text) throws PolicyException {
    return FplCompiler.compile(fileName, text);
  }

  /**
   * Reads and compiles a policy file together with credentials registered outside it (with
   * {@code faramesh credential register}). They apply to every agent like top-level
   * {@code credential} blocks; a block of the same name in the policy wins, with a warning.
   */
  public static Policy load(Path path, List<CredentialBinding> registered) throws PolicyException {
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return load(path);
    }
    return parse(path.toString(), text, registered);
  }

  /** {@link #parse(String, String)} with registered credentials, as {@link #load(Path, List)}. */
  public static Policy parse(String fileName, String text, List<CredentialBinding> registered)
      throws PolicyException {
    return FplCompiler.compile(fileName, text, registered);
  }

  public String file() { return file; }
  /** The first 16 hex digits of the SHA-256 of the file, recorded in every DPR. */
  public String version() { return version; }
  public RuntimeSettings runtime() { return runtime; }
  public Map<String, AgentPolicy> agents() { return agents; }
  public AgentPolicy agent(String name) { return agents.get(name); }
  /** Every credential binding: top-level ones first, then those declared inside agents. */
  public List<CredentialBinding> credentials() { return credentials; }
  public List<IdentityConfig> identities() { return identities; }
  public List<FederatedDomain> federations() { return federations; }
  /** The {@code provider} blocks, in file order. */
  public List<ProviderConfig> providers() { return providers; }
  public List<Diagnostic> warnings() { return warnings; }

  /** The identity block named {@code name}, or {@code null}. */
  public IdentityConfig identity(String name) {
    for (IdentityConfig c : identities) {
      if (c.name().equals(name)) {
        return c;
      }
    }
    return null;
  }

  /**
   * The rules that decide for the agent label {@code agentId}: its agent block, or for a label the
   * policy does not declare, the file's flat rules with a default of deny.
   */
  public AgentRules rulesFor(String agentId) {
    AgentPolicy a = agents.get(agentId);
    if (a != null) {
      return a.rules();
    }
    AgentRules r = undeclaredCache.get(agentId);
    if (r == null) {
      r = undeclared.apply(agentId);
      if (undeclaredCache.size() < MAX_UNDECLARED) {
        undeclaredCache.putIfAbsent(agentId, r);
      }
    }
    return r;
  }
}
