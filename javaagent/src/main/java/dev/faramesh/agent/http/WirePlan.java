package dev.faramesh.agent.http;

import dev.faramesh.agent.tool.ToolLease;
import dev.faramesh.broker.Broker;
import dev.faramesh.broker.CredentialText;
import dev.faramesh.broker.CredentialUnavailableException;
import dev.faramesh.broker.Lease;
import dev.faramesh.policy.Action;
import dev.faramesh.policy.CredentialBinding;
import java.util.ArrayList;
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
  private final List<CredentialBinding> hopBindings;
  private final ToolLease tool;
  private final Action action;

  public WirePlan(Broker broker, List<CredentialBinding> bindings) {
    this(broker, bindings, null, null, List.of());
  }

  /** A plan for the decided {@code action}, which a delegating broker's issuer sees (and checks again). */
  public WirePlan(Broker broker, List<CredentialBinding> bindings, Action action) {
    this(broker, bindings, action, null, List.of());
  }

  /**
   * A plan whose hop also carries credentials leased to the tool call that sends it
   * ({@code fromTool}, already narrowed to the hop's host): their values come from the tool's
   * lease, so they turn back into placeholders the moment the tool call returns.
   */
  public WirePlan(Broker broker, List<CredentialBinding> bindings, ToolLease tool, List<CredentialBinding> fromTool) {
    this(broker, bindings, null, tool, fromTool);
  }

  /** Both: a plan for the decided {@code action} whose hop also carries the tool call's leased credentials. */
  public WirePlan(Broker broker, List<CredentialBinding> bindings, Action action, ToolLease tool,
      List<CredentialBinding> fromTool) {
    this.broker = broker;
    this.action = action;
    List<CredentialBinding> all = new ArrayList<>(bindings);
    for (CredentialBinding b : fromTool) {
      if (!all.contains(b)) {
        all.add(b);
      }
    }
    this.bindings = List.copyOf(all);
    this.hopBindings = List.copyOf(bindings);
    this.tool = tool;
  }

  public List<CredentialBinding> bindings() {
    return bindings;
  }

  /** Starts this plan with the leases issued when the hop was permitted; returns it. */
  public WirePlan withLeases(Map<String, Lease> issued) {
    leases.putAll(issued);
    return this;
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
    if (tool != null && tool.covers(b.name()) && !grantedByHop(b)) {
      return tool.value(b);
    }
    Lease lease = leases.get(b.name());
    if (lease == null || !lease.valid()) {
      try {
        lease = action != null ? broker.lease(b, action) : broker.lease(b);
      } catch (CredentialUnavailableException e) {
        return null;
      }
      leases.put(b.name(), lease);
    }
    return lease.value();
  }

  private boolean grantedByHop(CredentialBinding b) {
    return hopBindings.contains(b);
  }

  /** Whether this plan holds leases that {@link #release()} would end. */
  public boolean holdsLeases() {
    return !leases.isEmpty();
  }

  /**
   * The exchange this plan was made for is over (its response arrived, or it failed): ends the
   * leases it holds now, so a dynamic secret's backend lease is revoked at once instead of at its
   * TTL. Leases the tool call owns are not this plan's and stay open. Safe to call more than once
   * (a lease taken again later, by a retry, is ended by the next call); never throws, and says
   * what failed without the value.
   */
  public void release() {
    if (leases.isEmpty()) {
      return;
    }
    for (Map.Entry<String, Lease> e : leases.entrySet()) {
      if (!leases.remove(e.getKey(), e.getValue())) {
        continue;
      }
      try {
        e.getValue().close();
      } catch (Throwable t) {
        System.err.println("faramesh: could not end the lease of credential \"" + e.getKey() + "\" ("
            + t.getClass().getName() + "); it ends at its TTL");
      }
    }
  }
}
