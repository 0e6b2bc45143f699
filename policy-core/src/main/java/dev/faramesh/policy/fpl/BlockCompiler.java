package dev.faramesh.policy.fpl;

import dev.faramesh.policy.CredentialBinding;
import dev.faramesh.policy.Delegation;
import dev.faramesh.policy.Effect;
import dev.faramesh.policy.Glob;
import dev.faramesh.policy.IdentityConfig;
import dev.faramesh.policy.ProviderConfig;
import dev.faramesh.policy.condition.Constant;
import dev.faramesh.policy.condition.Expr;
import dev.faramesh.policy.engine.AgentRules;
import dev.faramesh.policy.engine.Budget;
import dev.faramesh.policy.engine.CompiledRule;
import dev.faramesh.policy.engine.Egress;
import dev.faramesh.policy.engine.RateLimit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Compiles the settings blocks: identity, provider, credential, budget, rate limit, phases, spawn
 * and delegate, egress. Each is checked against its schema in {@link Schemas}.
 */
final class BlockCompiler {

  private final Diagnostics diag;
  private final ValueReader values;

  BlockCompiler(Diagnostics diag, ValueReader values) {
    this.diag = diag;
    this.values = values;
  }

  IdentityConfig identity(Ast.Settings s) {
    Ast.Field type = s.get("type");
    if (type == null) {
      diag.error(s.at(), "identity \"" + s.label() + "\" needs type = one of " + String.join(", ", sorted(Schemas.IDENTITY_TYPES)));
      return null;
    }
    String t = values.string(type.value(), "type");
    if (t == null) {
      return null;
    }
    if (!Schemas.IDENTITY_TYPES.contains(t)) {
      diag.error(type.value().at(), "unknown identity type \"" + t + "\"" + Suggestions.didYouMean(t, Schemas.IDENTITY_TYPES)
          + "; known: " + String.join(", ", sorted(Schemas.IDENTITY_TYPES)));
      return null;
    }
    Set<String> known = new HashSet<>(Schemas.IDENTITY.get(t));
    known.add("type");
    known.add("description");
    values.checkKeys(s, known, "identity \"" + s.label() + "\" of type " + t);
    Map<String, Object> settings = new LinkedHashMap<>();
    for (Ast.Field f : s.fields()) {
      if (!f.key().equals("type")) {
        settings.put(f.key(), values.setting(f.value()));
      }
    }
    return new IdentityConfig(s.label(), t, Map.copyOf(settings), s.at());
  }

  ProviderConfig provider(Ast.Settings s) {
    Ast.Field type = s.get("type");
    String t = null;
    if (type == null) {
      diag.error(s.at(), "provider \"" + s.label() + "\" needs a type");
    } else {
      t = values.string(type.value(), "type");
      if (t != null && !Schemas.PROVIDER_TYPES.contains(t)) {
        diag.error(type.value().at(), "unknown provider type \"" + t + "\"" + Suggestions.didYouMean(t, Schemas.PROVIDER_TYPES));
        t = null;
      }
    }
    values.checkKeys(s, Schemas.PROVIDER, "provider \"" + s.label() + "\"");
    for (Ast.Field f : s.fields()) {
      String k = f.key().toLowerCase(Locale.ROOT);
      boolean secret = k.contains("token") || k.contains("secret") || k.contains("password") || k.equals("key");
      if (secret && f.value().kind() != Ast.Value.Kind.ENV) {
        // Never echo the value: it is probably the secret itself.
        diag.error(f.value().at(), f.key() + " must not be written into the policy; use " + f.key()
            + " = env(\"VARIABLE\") and set the variable where the agent runs");
      }
    }
    if (t == null) {
      return null;
    }
    Map<String, Object> settings = new LinkedHashMap<>();
    for (Ast.Field f : s.fields()) {
      if (!f.key().equals("type")) {
        settings.put(f.key().equals("address") ? "addr" : f.key(), values.setting(f.value()));
      }
    }
    return new ProviderConfig(s.label(), Schemas.BACKEND_ALIASES.getOrDefault(t, t), settings, s.at());
  }

  CredentialBinding credential(Ast.Settings s) {
    values.checkKeys(s, Schemas.CREDENTIAL, "credential \"" + s.label() + "\"");
    String backend = "env";
    Ast.Field b = s.get("backend");
    if (b != null) {
      String raw = values.string(b.value(), "backend");
      if (raw != null) {
        backend = Schemas.BACKEND_ALIASES.getOrDefault(raw, raw);
        if (!Schemas.CREDENTIAL_BACKENDS.contains(backend)) {
          diag.error(b.value().at(), "unknown credential backend \"" + raw + "\"" + Suggestions.didYouMean(raw,
              Schemas.CREDENTIAL_BACKENDS) + "; known: " + String.join(", ", sorted(Schemas.CREDENTIAL_BACKENDS)));
        }
      }
    }
    List<String> env = s.get("env") == null ? List.of() : values.strings(s.get("env").value(), "env");
    for (Ast.Field f : s.fields()) {
      if (f.key().equals("env")) {
        for (Ast.Value v : f.value().items()) {
          Object name = v.value();
          if (name instanceof String && !isEnvName((String) name)) {
            diag.error(v.at(), "\"" + name + "\" is not an environment variable name");
          }
        }
      }
    }
    String path = s.get("path") == null ? null : values.string(s.get("path").value(), "path");
    if (path == null) {
      if (!backend.equals("env")) {
        diag.error(s.at(), "credential \"" + s.label() + "\" needs path = where the " + backend + " backend keeps it");
      }
      path = env.isEmpty() ? s.label() : env.get(0);
    }
    List<String> hosts = s.get("hosts") == null ? List.of() : values.strings(s.get("hosts").value(), "hosts");
    List<String> scope = s.get("scope") == null ? List.of() : values.strings(s.get("scope").value(), "scope");
    Duration ttl = Duration.ofMinutes(5);
    if (s.get("ttl") != null) {
      Duration d = values.duration(s.get("ttl").value(), "ttl");
      if (d != null) {
        ttl = d;
      }
    }
    String maxScope = s.get("max_scope") == null ? null : values.string(s.get("max_scope").value(), "max_scope");
    String field = s.get("field") == null ? null : values.string(s.get("field").value(), "field");
    String version = s.get("version") == null ? null : versionText(s.get("version").value());
    return new CredentialBinding(s.label(), backend, path, env, hosts, scope, ttl, maxScope, s.at(), field, version);
  }

  /** A version is a number (Vault, GCP, Infisical) or an id or label (AWS, Azure): keep its text. */
  private String versionText(Ast.Value v) {
    if (v.kind() == Ast.Value.Kind.NUMBER) {
      return v.text();
    }
    return values.string(v, "version");
  }

  private static boolean isEnvName(String s) {
    if (s.isEmpty() || Character.isDigit(s.charAt(0))) {
      return false;
    }
    for (int k = 0; k < s.length(); k++) {
      char c = s.charAt(k);
      if (!(Character.isLetterOrDigit(c) || c == '_')) {
        return false;
      }
    }
    return true;
  }

  RateLimit rateLimit(Ast.RateLimit r) {
    long limit = values.count(r.limit(), "rate limit");
    if (r.limit() != null && limit <= 0) {
      diag.error(r.limit().at(), "a rate limit must allow at least 1 call");
      return null;
    }
    long window = window(r.window());
    if (limit <= 0 || window <= 0) {
      return null;
    }
    return new RateLimit(Glob.path(r.pattern()), limit, window, r.at());
  }

  private long window(Ast.Value v) {
    if (v == null) {
      return 60_000;
    }
    String text = v.kind() == Ast.Value.Kind.NUMBER ? v.text() : values.string(v, "window");
    if (text == null) {
      return -1;
    }
    switch (text) {
      case "second": case "sec": case "s": case "seconds": return 1_000;
      case "minute": case "min": case "m": case "minutes": return 60_000;
      case "hour": case "h": case "hours": return 3_600_000;
      case "day": case "d": case "days": return 86_400_000;
      default:
        Duration d = ValueReader.parseDuration(text);
        if (d == null || d.isZero()) {
          diag.error(v.at(), "window must be second, minute, hour, day or a duration such as 30s, not \"" + text + "\"");
          return -1;
        }
        return d.toMillis();
    }
  }

  Budget budget(Ast.Settings s, ConditionCompiler conditions) {
    values.checkKeys(s, Schemas.BUDGET, "budget " + s.label());
    double max = s.get("max") == null ? Double.NaN : values.amount(s.get("max").value(), "max");
    double daily = s.get("daily") == null ? Double.NaN : values.amount(s.get("daily").value(), "daily");
    // "budget daily { max $500 }" says a daily cap of $500; read it that way.
    if ("daily".equals(s.label()) && s.get("daily") == null) {
      daily = max;
      max = Double.NaN;
    }
    long maxCalls = s.get("max_calls") == null ? -1 : values.count(s.get("max_calls").value(), "max_calls");
    if (s.get("warn_at") != null) {
      double w = values.amount(s.get("warn_at").value(), "warn_at");
      if (!Double.isNaN(w) && (w <= 0 || w > 1)) {
        diag.error(s.get("warn_at").value().at(), "warn_at is a fraction between 0 and 1, such as 0.8");
      }
    }
    Effect onExceed = Effect.DENY;
    if (s.get("on_exceed") != null) {
      String e = values.string(s.get("on_exceed").value(), "on_exceed");
      if ("defer".equals(e)) {
        onExceed = Effect.DEFER;
      } else if (e != null && !e.equals("deny")) {
        diag.error(s.get("on_exceed").value().at(), "on_exceed must be deny or defer, not \"" + e + "\"");
      }
    }
    Expr cost = null;
    Ast.Field c = s.get("cost");
    if (c != null) {
      Ast.Value v = c.value();
      if (v.kind() == Ast.Value.Kind.MONEY || v.kind() == Ast.Value.Kind.NUMBER) {
        cost = new Constant(values.amount(v, "cost"));
      } else if (v.kind() == Ast.Value.Kind.WORD || v.kind() == Ast.Value.Kind.STRING) {
        cost = conditions.compile(new Ast.FieldRef((String) v.value(), v.at()));
      } else {
        diag.error(v.at(), "cost is an amount ($0.05) or a field such as args.amount");
      }
    }
    List<Glob> tools = new ArrayList<>();
    for (String key : List.of("tools", "scope")) {
      if (s.get(key) != null) {
        for (String t : values.strings(s.get(key).value(), key)) {
          tools.add(Glob.path(t));
        }
      }
    }
    if (Double.isNaN(max) && Double.isNaN(daily) && maxCalls < 0) {
      diag.error(s.at(), "budget " + s.label() + " sets no cap; give it max, daily or max_calls");
    }
    return new Budget(s.label(), tools, max, daily, maxCalls, onExceed, cost, s.at());
  }

  Map<String, AgentRules.PhaseSpec> phases(List<Ast.Phase> phases, RuleCompiler rules, List<CompiledRule> into) {
    Map<String, AgentRules.PhaseSpec> out = new LinkedHashMap<>();
    Set<String> names = new HashSet<>();
    for (Ast.Phase p : phases) {
      if (!names.add(p.name())) {
        diag.error(p.at(), "phase \"" + p.name() + "\" is declared twice");
      }
    }
    List<String> order = new ArrayList<>();
    for (Ast.Phase p : phases) {
      order.add(p.name());
    }
    for (int k = 0; k < phases.size(); k++) {
      Ast.Phase p = phases.get(k);
      for (Ast.Rule r : p.rules()) {
        into.add(rules.compile(r, p.name()));
      }
      for (Ast.Value t : p.tools()) {
        String tool = values.string(t, "tools");
        if (tool != null) {
          into.add(new CompiledRule("phase-" + p.name(), Effect.PERMIT, false, Glob.path(tool), null, null, p.name(),
              "listed in phase " + p.name(), null, t.at()));
        }
      }
      long millis = 0;
      if (p.duration() != null) {
        Duration d = values.duration(p.duration(), "duration");
        millis = d == null ? 0 : d.toMillis();
      }
      String next = p.next() == null ? null : values.string(p.next(), "next");
      if (next != null && !names.contains(next)) {
        diag.error(p.next().at(), "phase " + p.name() + " moves to \"" + next + "\", which is not a phase of this agent"
            + Suggestions.didYouMean(next, names));
      }
      if (next == null && millis > 0 && k + 1 < order.size()) {
        next = order.get(k + 1);
      }
      out.put(p.name(), new AgentRules.PhaseSpec(p.name(), millis, next));
    }
    return out;
  }

  /** What {@code spawn} and the documented {@code delegate { to inherits }} say. */
  record Supervision(List<String> spawnAllow, long maxConcurrent, List<String> delegateTo, List<String> delegateInherits) {}

  Supervision supervision(String agent, Ast.Agent.Body body) {
    List<String> allow = new ArrayList<>();
    long maxConcurrent = -1;
    for (Ast.Settings s : body.blocks) {
      if (s.keyword().equals("spawn")) {
        values.checkKeys(s, Schemas.SPAWN, "spawn");
        for (String key : List.of("allow", "allowed_types")) {
          if (s.get(key) != null) {
            allow.addAll(values.strings(s.get(key).value(), key));
          }
        }
        if (s.get("max_concurrent") != null) {
          maxConcurrent = values.count(s.get("max_concurrent").value(), "max_concurrent");
        }
      }
    }
    List<String> to = new ArrayList<>();
    List<String> inherits = new ArrayList<>();
    for (Ast.Delegate d : body.delegates) {
      if (d.target() == null) {
        Ast.Settings s = d.settings();
        values.checkKeys(s, Set.of("to", "inherits"), "delegate");
        if (s.get("to") != null) {
          to.addAll(values.strings(s.get("to").value(), "to"));
        }
        if (s.get("inherits") != null) {
          for (Ast.Value v : s.get("inherits").value().items()) {
            String i = values.string(v, "inherits");
            if (i != null && !i.startsWith("budget.")) {
              diag.error(v.at(), "inherits names what workers may share, such as \"budget.daily\", not \"" + i + "\"");
            }
            if (i != null) {
              inherits.add(i);
            }
          }
        }
      }
    }
    return new Supervision(List.copyOf(allow), maxConcurrent, List.copyOf(to), List.copyOf(inherits));
  }

  List<Delegation> delegations(List<Ast.Delegate> delegates) {
    List<Delegation> out = new ArrayList<>();
    for (Ast.Delegate d : delegates) {
      if (d.target() == null) {
        continue;
      }
      Ast.Settings s = d.settings();
      values.checkKeys(s, Set.of("scope", "ttl", "ceiling"), "delegate " + d.target());
      String ceiling = s.get("ceiling") == null ? null : values.string(s.get("ceiling").value(), "ceiling");
      if (ceiling != null && !ceiling.equals("inherited") && !ceiling.equals("approval")) {
        diag.error(s.get("ceiling").value().at(), "ceiling must be inherited or approval, not \"" + ceiling + "\"");
      }
      if (s.get("ttl") != null) {
        values.duration(s.get("ttl").value(), "ttl");
      }
      out.add(new Delegation(d.target(), s.get("scope") == null ? null : values.string(s.get("scope").value(), "scope"),
          s.get("ttl") == null ? null : s.get("ttl").value().text(), ceiling, s.at()));
    }
    return out;
  }

  Egress egress(List<Ast.Settings> blocks) {
    Egress egress = null;
    for (Ast.Settings s : blocks) {
      if (s.keyword().equals("egress")) {
        values.checkKeys(s, Schemas.EGRESS, "egress");
        List<Glob> allow = new ArrayList<>();
        List<Glob> deny = new ArrayList<>();
        if (s.get("allow") != null) {
          values.strings(s.get("allow").value(), "allow").forEach(h -> allow.add(Glob.host(h)));
        }
        if (s.get("deny") != null) {
          values.strings(s.get("deny").value(), "deny").forEach(h -> deny.add(Glob.host(h)));
        }
        egress = new Egress(List.copyOf(allow), List.copyOf(deny));
      }
    }
    return egress;
  }

  void warnNotEnforced(List<Ast.Settings> blocks) {
    for (Ast.Settings s : blocks) {
      if (Schemas.NOT_ENFORCED.contains(s.keyword())) {
        diag.warning(s.at(), s.keyword() + " is accepted but not enforced by the JVM runtime");
      }
    }
  }

  private static List<String> sorted(Set<String> s) {
    return s.stream().sorted().toList();
  }
}
