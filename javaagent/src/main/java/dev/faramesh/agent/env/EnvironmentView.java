package dev.faramesh.agent.env;

import dev.faramesh.broker.Broker;
import dev.faramesh.broker.CredentialText;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The environment as the application and its children see it. A brokered variable reads as its
 * placeholder (also when the process environment never had it, for credentials kept in a
 * backend); an unbrokered credential variable is absent; any other value that contains a raw
 * credential value the broker knows has it replaced by the placeholder. {@code System.getenv()}'s
 * view is built once per underlying map.
 */
public final class EnvironmentView {

  private final Broker broker;
  private final HiddenVariables hidden;
  private volatile Map<String, String> lastSource;
  private volatile Map<String, String> lastView;

  public EnvironmentView(Broker broker, List<String> stripPatterns) {
    this.broker = broker;
    this.hidden = new HiddenVariables(stripPatterns);
  }

  /** What {@code System.getenv(name)} returns. */
  public String getenv(String name, String value) {
    if (name == null) {
      return value;
    }
    if (broker.bindingForVariable(name) != null) {
      return broker.placeholder(broker.bindingForVariable(name).name());
    }
    if (hidden.hidden(name)) {
      return null;
    }
    return conceal(value);
  }

  /** What {@code System.getenv()} returns: an unmodifiable view, cached per source map. */
  public Map<String, String> getenvAll(Map<String, String> source) {
    if (source == null) {
      return null;
    }
    Map<String, String> view = lastView;
    if (source == lastSource && view != null) {
      return view;
    }
    Map<String, String> copy = new TreeMap<>(source);
    rewrite(copy);
    // a credential kept in a backend reads as a placeholder even where the OS environment has none
    for (String variable : broker.brokeredVariables()) {
      copy.put(variable, broker.placeholder(broker.bindingForVariable(variable).name()));
    }
    view = Collections.unmodifiableMap(copy);
    lastSource = source;
    lastView = view;
    return view;
  }

  /**
   * Rewrites a child process's environment in place: brokered variables it holds become
   * placeholders, unbrokered credentials go, raw values inside other values are concealed.
   * Variables the application removed stay removed.
   */
  public void rewrite(Map<String, String> environment) {
    Iterator<Map.Entry<String, String>> it = environment.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, String> e = it.next();
      if (broker.bindingForVariable(e.getKey()) != null) {
        e.setValue(broker.placeholder(broker.bindingForVariable(e.getKey()).name()));
      } else if (hidden.hidden(e.getKey())) {
        it.remove();
      } else {
        String concealed = conceal(e.getValue());
        if (concealed != e.getValue()) {
          e.setValue(concealed);
        }
      }
    }
  }

  private String conceal(String value) {
    Map<String, String> known = broker.concealment();
    if (value == null || known.isEmpty()) {
      return value;
    }
    String out = CredentialText.replace(value, known);
    return out.equals(value) ? value : out;
  }
}
