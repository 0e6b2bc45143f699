package dev.faramesh.policy.fpl;

import dev.faramesh.policy.AgentPolicy;
import dev.faramesh.policy.CredentialBinding;
import dev.faramesh.policy.ProviderConfig;
import dev.faramesh.policy.Delegation;
import dev.faramesh.policy.Effect;
import dev.faramesh.policy.FederatedDomain;
import dev.faramesh.policy.IdentityConfig;
import dev.faramesh.policy.Mode;
import dev.faramesh.policy.Policy;
import dev.faramesh.policy.RuntimeSettings;
import dev.faramesh.policy.engine.AgentRules;
import dev.faramesh.policy.engine.CompiledRule;
import dev.faramesh.policy.engine.RateLimit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a parsed document and builds the {@link Policy}: settings blocks against their schemas,
 * references between blocks (an agent's identity, a phase's next phase), duplicate names, and the
 * rules, limits and bindings of every agent. Flat rules, top-level rate limits, budgets and
 * credentials apply to every agent, after the agent's own.
 */
final class PolicyCompiler {

  private final Diagnostics diag;
  private final String file;
  private final String version;
  private final ValueReader values;
  private final BlockCompiler blocks;

  private final List<CredentialBinding> registered;

  PolicyCompiler(Diagnostics diag, String file, String version) {
    this(diag, file, version, List.of());
  }

  PolicyCompiler(Diagnostics diag, String file, String version, List<CredentialBinding> registered) {
    this.registered = List.copyOf(registered);
    this.diag = diag;
    this.file = file;
    this.version = version;
    this.values = new ValueReader(diag);
    this.blocks = new BlockCompiler(diag, values);
  }

  Policy compile(Ast.Document doc) {
    for (Ast.Field imp : doc.imports) {
      diag.warning(imp.at(), "import " + imp.value().text() + " is not resolved by the JVM runtime; "
          + "rules it would bring are not applied");
    }
    for (Ast.Settings s : doc.systems) {
      values.checkKeys(s, Schemas.SYSTEM, "system " + s.label());
    }
    List<IdentityConfig> identities = identities(doc.identities);
    RuntimeSettings runtime = runtime(doc.runtimes, identities);
    List<ProviderConfig> providers = new ArrayList<>();
    for (Ast.Settings p : doc.providers) {
      ProviderConfig c = blocks.provider(p);
      if (c != null) {
        providers.add(c);
      }
    }
    List<FederatedDomain> federations = new ArrayList<>();
    for (Ast.Federation f : doc.federations) {
      String bundle = f.bundleUrl() == null ? null : values.string(f.bundleUrl(), "bundle_url");
      if (!f.trustDomain().startsWith("spiffe://")) {
        diag.error(f.at(), "a federated trust domain is written spiffe://<domain>, not \"" + f.trustDomain() + "\"");
      }
      federations.add(new FederatedDomain(f.trustDomain(), bundle, f.at()));
    }

    RuleIds ids = new RuleIds(doc);
    ConditionCompiler flatConditions = new ConditionCompiler(diag);
    RuleCompiler flatRules = new RuleCompiler(diag, values, flatConditions, ids);
    List<CompiledRule> flat = new ArrayList<>();
    for (Ast.Rule r : doc.flatRules) {
      flat.add(flatRules.compile(r, null));
    }
    List<CredentialBinding> globalBindings = new ArrayList<>();
    Set<String> credentialNames = new HashSet<>();
    for (Ast.Settings c : doc.credentials) {
      addBinding(globalBindings, credentialNames, blocks.credential(c));
    }
    addRegistered(doc, globalBindings, credentialNames);
    List<RateLimit> globalLimits = new ArrayList<>();
    for (Ast.RateLimit r : doc.rateLimits) {
      RateLimit l = blocks.rateLimit(r);
      if (l != null) {
        globalLimits.add(l);
      }
    }
    List<dev.faramesh.policy.engine.Budget> globalBudgets = new ArrayList<>();
    for (Ast.Settings b : doc.budgets) {
      globalBudgets.add(blocks.budget(b, flatConditions));
    }

    Map<String, AgentPolicy> agents = new LinkedHashMap<>();
    List<CredentialBinding> allBindings = new ArrayList<>(globalBindings);
    for (Ast.AgentDecl a : doc.agents) {
      if (agents.containsKey(a.head().name())) {
        diag.error(a.head().at(), "agent \"" + a.head().name() + "\" is declared twice (first at "
            + agents.get(a.head().name()).ref() + ")");
        continue;
      }
      AgentPolicy compiled = agent(a, ids, identities, flat, flatConditions.readsSession(), globalBindings,
          credentialNames, allBindings, globalLimits, globalBudgets);
      agents.put(a.head().name(), compiled);
    }
    if (doc.agents.isEmpty() && doc.flatRules.isEmpty() && !diag.hasErrors()) {
      diag.warning(diag.at(1, 1), "the policy declares no agents and no rules: every action will be denied");
    }
    for (CredentialBinding b : allBindings) {
      if (b.hosts().isEmpty()) {
        diag.warning(b.ref(), "credential \"" + b.name() + "\" lists no hosts: its real value will never be sent anywhere");
      }
    }
    boolean flatSession = flatConditions.readsSession();
    List<CompiledRule> flatCopy = List.copyOf(flat);
    return new Policy(file, version, runtime, agents, allBindings, identities, federations, diag.warningsOnly(),
        label -> new AgentRules(label, false, Effect.DENY, flatCopy, globalBindings, globalLimits, globalBudgets,
            Map.of(), Map.of(), null, flatSession), providers);
  }

  /** Registered credentials join the top-level ones unless the file declares the name itself. */
  private void addRegistered(Ast.Document doc, List<CredentialBinding> globalBindings, Set<String> names) {
    if (registered.isEmpty()) {
      return;
    }
    Set<String> declared = new HashSet<>(names);
    for (Ast.AgentDecl a : doc.agents) {
      for (Ast.Settings c : a.body().credentials) {
        declared.add(c.label());
      }
    }
    for (CredentialBinding b : registered) {
      if (declared.contains(b.name())) {
        diag.warning(diag.at(1, 1), "credential \"" + b.name() + "\" is registered (" + b.ref() + ") and declared in "
            + "the policy; the policy's block is used");
      } else if (names.add(b.name())) {
        globalBindings.add(b);
      }
    }
  }

  private AgentPolicy agent(Ast.AgentDecl decl, RuleIds ids, List<IdentityConfig> identities, List<CompiledRule> flat,
      boolean flatSession, List<CredentialBinding> globalBindings, Set<String> credentialNames,
      List<CredentialBinding> allBindings, List<RateLimit> globalLimits,
      List<dev.faramesh.policy.engine.Budget> globalBudgets) {
    Ast.Agent head = decl.head();
    Ast.Agent.Body body = decl.body();
    ConditionCompiler conditions = new ConditionCompiler(diag);
    RuleCompiler rules = new RuleCompiler(diag, values, conditions, ids);

    Effect defaultEffect = Effect.DENY;
    if (body.defaultEffect != null) {
      defaultEffect = RuleCompiler.effect(body.defaultEffect);
      if (defaultEffect == null) {
        diag.error(body.defaultAt, "default must be permit, deny or defer, not \"" + body.defaultEffect + "\""
            + Suggestions.didYouMean(body.defaultEffect, Parser.EFFECTS));
        defaultEffect = Effect.DENY;
      }
    }
    String identity = null;
    String model = null;
    String framework = null;
    Map<String, Object> vars = new LinkedHashMap<>();
    for (Ast.Field f : body.attributes) {
      switch (f.key()) {
        case "identity":
          identity = values.string(f.value(), "identity");
          if (identity != null && identities.stream().noneMatch(i -> i.name().equals(f.value().value()))) {
            diag.error(f.value().at(), "agent " + head.name() + " uses identity \"" + identity
                + "\", which is not declared" + Suggestions.didYouMean(identity,
                    identities.stream().map(IdentityConfig::name).toList()));
          }
          break;
        case "model": model = values.string(f.value(), "model"); break;
        case "framework": framework = values.string(f.value(), "framework"); break;
        default:
          if (f.key().startsWith("var.")) {
            vars.put(f.key().substring(4), values.setting(f.value()));
          }
      }
    }

    List<CompiledRule> compiled = new ArrayList<>();
    for (Ast.Rule r : body.rules) {
      compiled.add(rules.compile(r, null));
    }
    Map<String, AgentRules.PhaseSpec> phases = blocks.phases(body.phases, rules, compiled);
    compiled.addAll(flat);

    List<CredentialBinding> bindings = new ArrayList<>(globalBindings);
    for (Ast.Settings c : body.credentials) {
      CredentialBinding b = blocks.credential(c);
      addBinding(bindings, credentialNames, b);
      if (b != null && !allBindings.contains(b)) {
        allBindings.add(b);
      }
    }
    List<RateLimit> limits = new ArrayList<>();
    for (Ast.RateLimit r : body.rateLimits) {
      RateLimit l = blocks.rateLimit(r);
      if (l != null) {
        limits.add(l);
      }
    }
    limits.addAll(globalLimits);
    List<dev.faramesh.policy.engine.Budget> budgets = new ArrayList<>();
    for (Ast.Settings b : body.budgets) {
      budgets.add(blocks.budget(b, conditions));
    }
    budgets.addAll(globalBudgets);

    BlockCompiler.Supervision sup = blocks.supervision(head.name(), body);
    List<Delegation> delegations = blocks.delegations(body.delegates);
    dev.faramesh.policy.engine.Egress egress = blocks.egress(body.blocks);
    blocks.warnNotEnforced(body.blocks);
    StrictDenyCheck.report(diag, head.name(), compiled);

    AgentRules agentRules = new AgentRules(head.name(), true, defaultEffect, compiled, bindings, limits, budgets, vars,
        phases, egress, conditions.readsSession() || flatSession);
    return new AgentPolicy(head.name(), head.at(), defaultEffect, agentRules, identity, sup.spawnAllow(),
        sup.maxConcurrent(), sup.delegateTo(), sup.delegateInherits(), delegations, model, framework);
  }

  private void addBinding(List<CredentialBinding> into, Set<String> names, CredentialBinding b) {
    if (b == null) {
      return;
    }
    if (!names.add(b.name())) {
      diag.error(b.ref(), "credential \"" + b.name() + "\" is declared twice");
      return;
    }
    into.add(b);
  }

  private List<IdentityConfig> identities(List<Ast.Settings> blocksIn) {
    List<IdentityConfig> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Ast.Settings s : blocksIn) {
      IdentityConfig c = blocks.identity(s);
      if (c == null) {
        continue;
      }
      if (!names.add(c.name())) {
        diag.error(s.at(), "identity \"" + c.name() + "\" is declared twice");
        continue;
      }
      out.add(c);
    }
    return out;
  }

  private RuntimeSettings runtime(List<Ast.Settings> runtimes, List<IdentityConfig> identities) {
    if (runtimes.isEmpty()) {
      return RuntimeSettings.EMPTY;
    }
    for (int k = 1; k < runtimes.size(); k++) {
      diag.error(runtimes.get(k).at(), "only one runtime block is allowed (the first is at " + runtimes.get(0).at() + ")");
    }
    Ast.Settings s = runtimes.get(0);
    values.checkKeys(s, Schemas.RUNTIME, "runtime");
    Mode mode = null;
    Ast.Field m = s.get("mode");
    if (m != null) {
      String text = values.string(m.value(), "mode");
      mode = Mode.parse(text);
      if (text != null && mode == null) {
        diag.error(m.value().at(), "mode must be enforce, shadow or audit, not \"" + text + "\""
            + Suggestions.didYouMean(text, List.of("enforce", "shadow", "audit")));
      }
    }
    Ast.Field wal = s.get("wal_dir");
    Ast.Field strip = s.get("strip_env");
    Ast.Field identity = s.get("identity");
    Ast.Field stack = s.get("stack");
    String identityName = identity == null ? null : values.string(identity.value(), "identity");
    if (identityName != null && identities.stream().noneMatch(i -> i.name().equals(identityName))) {
      diag.error(identity.value().at(), "runtime uses identity \"" + identityName + "\", which is not declared");
    }
    return new RuntimeSettings(mode, wal == null ? null : values.string(wal.value(), "wal_dir"),
        strip == null ? List.of() : values.strings(strip.value(), "strip_env"), identityName,
        stack == null ? null : values.string(stack.value(), "stack"));
  }
}
