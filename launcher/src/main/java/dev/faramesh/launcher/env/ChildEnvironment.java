package dev.faramesh.launcher.env;

import dev.faramesh.broker.AmbientCredentials;
import dev.faramesh.broker.Broker;
import dev.faramesh.broker.CredentialText;
import dev.faramesh.policy.CredentialBinding;
import dev.faramesh.policy.Glob;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The environment the child of {@code faramesh run} starts with, made from the launcher's own. A
 * variable a {@code credential} block names in {@code env} holds the run's placeholder (also when
 * the launcher's environment has none, for credentials kept in a backend); the variable an
 * {@code env}-backend credential is read from, the well-known credential variables
 * ({@link AmbientCredentials}) and the policy's {@code runtime { strip_env }} patterns (globs,
 * any case) are removed; any other value that contains one of the removed raw values has it
 * replaced (by the placeholder where there is one). Then the launcher's own variables are set.
 * The raw values stay in the launcher's broker; the result never holds one.
 */
public final class ChildEnvironment {

  /** What stands in for a raw value found inside another variable when no placeholder exists. */
  static final String STRIPPED = "[faramesh:stripped]";
  /** Shorter raw values are not searched for inside other values: they would match ordinary text. */
  private static final int MIN_CONCEALED_LENGTH = 8;

  private final Map<String, String> variables;
  private final List<String> brokered;
  private final List<String> stripped;
  private final List<String> concealedIn;

  private ChildEnvironment(Map<String, String> variables, List<String> brokered, List<String> stripped,
      List<String> concealedIn) {
    this.variables = variables;
    this.brokered = brokered;
    this.stripped = stripped;
    this.concealedIn = concealedIn;
  }

  /**
   * Builds the child's environment from {@code launcher} (the launcher's environment), the broker
   * holding the run's credentials, the policy's strip patterns, and {@code settings}: variables the
   * launcher sets for the child (proxy and certificate variables), which replace any of that name;
   * a {@code null} value in {@code settings} removes the variable.
   */
  public static ChildEnvironment build(Map<String, String> launcher, Broker broker, List<String> stripPatterns,
      Map<String, String> settings) {
    List<Glob> patterns = new ArrayList<>();
    for (String p : stripPatterns) {
      patterns.add(Glob.path(p.toUpperCase(Locale.ROOT)));
    }
    Map<String, String> envBacked = new HashMap<>();
    for (CredentialBinding b : broker.bindings()) {
      if ("env".equals(b.backend()) && b.path() != null) {
        envBacked.put(b.path(), b.name());
      }
    }
    Map<String, String> out = new TreeMap<>();
    TreeSet<String> brokered = new TreeSet<>();
    TreeSet<String> stripped = new TreeSet<>();
    Map<String, String> concealment = new LinkedHashMap<>(broker.concealment());
    for (Map.Entry<String, String> e : launcher.entrySet()) {
      String name = e.getKey();
      CredentialBinding bound = broker.bindingForVariable(name);
      if (bound != null) {
        brokered.add(name);
      } else if (envBacked.containsKey(name) || AmbientCredentials.contains(name) || matches(patterns, name)) {
        stripped.add(name);
        String raw = e.getValue();
        if (raw != null && raw.length() >= MIN_CONCEALED_LENGTH) {
          concealment.putIfAbsent(raw, STRIPPED);
        }
      } else {
        out.put(name, e.getValue());
      }
    }
    // a credential kept in a backend reads as its placeholder even where no variable held it
    for (String variable : broker.brokeredVariables()) {
      out.put(variable, broker.placeholder(broker.bindingForVariable(variable).name()));
      brokered.add(variable);
    }
    List<String> concealedIn = new ArrayList<>();
    if (!concealment.isEmpty()) {
      for (Map.Entry<String, String> e : out.entrySet()) {
        if (brokered.contains(e.getKey())) {
          continue;
        }
        String v = CredentialText.replace(e.getValue(), concealment);
        if (!v.equals(e.getValue())) {
          e.setValue(v);
          concealedIn.add(e.getKey());
        }
      }
    }
    for (Map.Entry<String, String> s : settings.entrySet()) {
      if (s.getValue() == null) {
        out.remove(s.getKey());
      } else {
        out.put(s.getKey(), s.getValue());
      }
    }
    return new ChildEnvironment(out, List.copyOf(brokered), List.copyOf(stripped), List.copyOf(concealedIn));
  }

  private static boolean matches(List<Glob> patterns, String name) {
    String upper = name.toUpperCase(Locale.ROOT);
    for (Glob g : patterns) {
      if (g.matches(upper)) {
        return true;
      }
    }
    return false;
  }

  /** The child's variables, sorted by name. */
  public Map<String, String> variables() {
    return variables;
  }

  /** Variables that hold a placeholder. */
  public List<String> brokered() {
    return brokered;
  }

  /** Variables removed from the child's environment. */
  public List<String> stripped() {
    return stripped;
  }

  /** Other variables in which a raw value was replaced. */
  public List<String> concealedIn() {
    return concealedIn;
  }
}
