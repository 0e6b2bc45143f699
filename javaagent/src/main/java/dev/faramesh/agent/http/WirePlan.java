package dev.faramesh.agent.http;

import dev.faramesh.broker.Broker;
import dev.faramesh.broker.CredentialText;
import dev.faramesh.broker.CredentialUnavailableException;
import dev.faramesh.broker.Lease;
import dev.faramesh.policy.CredentialBinding;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one permitted hop may put on the wire: the credentials whose placeholders are replaced by
 * real values in its headers and request target, already narrowed to the hop's host. A lease is
 * taken the first time a placeholder is met and reused for the rest of the hop; a credential the
 * broker cannot issue keeps its placeholder, so the upstream sees no secret rather than a wrong one.
 */
public final class WirePlan {

  private final Broker broker;
  private final List<CredentialBinding> bindings;
  private final Map<String, Lease> leases = new ConcurrentHashMap<>();

  public WirePlan(Broker broker, List<CredentialBinding> bindings) {
    this(broker, bindings, Map.of());
  }

  /** A plan that starts with the leases issued when the hop was permitted. */
  public WirePlan(Broker broker, List<CredentialBinding> bindings, Map<String, Lease> issued) {
    this.broker = broker;
    this.bindings = List.copyOf(bindings);
    this.leases.putAll(issued);
  }

  public List<CredentialBinding> bindings() {
    return bindings;
  }

  /** A header value with this hop's placeholders replaced (also inside Basic credentials). */
  public String header(String value) {
    Map<String, String> r = replacementsFor(value);
    return r.isEmpty() ? value : CredentialText.replaceInHeader(value, r);
  }

  /** A request target or query with this hop's placeholders replaced, percent-encoded. */
  public String target(String value) {
    Map<String, String> r = replacementsFor(value);
    return r.isEmpty() ? value : CredentialText.replaceInQuery(value, r);
  }

  private Map<String, String> replacementsFor(String text) {
    if (text == null || text.isEmpty()) {
      return Map.of();
    }
    Map<String, String> out = null;
    for (CredentialBinding b : bindings) {
      String placeholder = broker.placeholder(b.name());
      if (placeholder == null || !CredentialText.containsAny(text, List.of(placeholder))) {
        continue;
      }
      String value = value(b);
      if (value != null) {
        if (out == null) {
          out = new HashMap<>(2);
        }
        out.put(placeholder, value);
      }
    }
    return out == null ? Map.of() : out;
  }

  private String value(CredentialBinding b) {
    Lease lease = leases.get(b.name());
    if (lease == null || !lease.valid()) {
      try {
        lease = broker.lease(b);
      } catch (CredentialUnavailableException e) {
        return null;
      }
      leases.put(b.name(), lease);
    }
    return lease.value();
  }
}
