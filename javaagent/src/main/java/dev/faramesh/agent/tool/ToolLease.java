package dev.faramesh.agent.tool;

import dev.faramesh.broker.Broker;
import dev.faramesh.broker.CredentialUnavailableException;
import dev.faramesh.broker.Lease;
import dev.faramesh.policy.Action;
import dev.faramesh.policy.CredentialBinding;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The credentials one permitted tool call may use, for that call only. It is bound to the thread
 * that runs the call from the moment the call is permitted until it returns; HTTP requests made on
 * that thread meanwhile may carry these credentials to the hosts each is scoped to. A broker
 * {@link Lease} is taken when a request first needs a value and revoked when the call ends, so a
 * request still in flight afterwards, or the same request sent again, carries the placeholder.
 */
public final class ToolLease {

  private static final ThreadLocal<ToolLease> CURRENT = new ThreadLocal<>();

  private final Broker broker;
  private final String toolId;
  private final List<CredentialBinding> bindings;
  private final Map<String, Lease> leases = new ConcurrentHashMap<>();
  private final ToolLease previous;
  private final Action action;
  private volatile boolean ended;

  private ToolLease(Broker broker, String toolId, List<CredentialBinding> bindings, ToolLease previous,
      Action action) {
    this.broker = broker;
    this.action = action;
    this.toolId = toolId;
    this.bindings = List.copyOf(bindings);
    this.previous = previous;
  }

  /** Binds a lease of {@code bindings} for the call {@code toolId} to the current thread. */
  static ToolLease begin(Broker broker, String toolId, List<CredentialBinding> bindings) {
    return begin(broker, toolId, bindings, null);
  }

  /**
   * The same for the decided tool-call {@code action}, which a delegating broker's issuer (the
   * {@code faramesh run} launcher) sees when a value is leased.
   */
  static ToolLease begin(Broker broker, String toolId, List<CredentialBinding> bindings, Action action) {
    ToolLease lease = new ToolLease(broker, toolId, bindings, CURRENT.get(), action);
    CURRENT.set(lease);
    return lease;
  }

  /** The lease of the tool call running on this thread, or {@code null}. */
  public static ToolLease current() {
    ToolLease l = CURRENT.get();
    return l == null || l.ended ? null : l;
  }

  public String toolId() {
    return toolId;
  }

  /** The leased credentials whose real value may be sent to {@code host}. */
  public List<CredentialBinding> bindingsFor(String host) {
    List<CredentialBinding> out = new ArrayList<>(bindings.size());
    for (CredentialBinding b : bindings) {
      if (b.allowsHost(host)) {
        out.add(b);
      }
    }
    return out;
  }

  public boolean covers(String credential) {
    for (CredentialBinding b : bindings) {
      if (b.name().equals(credential)) {
        return true;
      }
    }
    return false;
  }

  /** The real value of {@code binding} while the call runs; {@code null} after it ended or when unavailable. */
  public String value(CredentialBinding binding) {
    if (ended || !covers(binding.name())) {
      return null;
    }
    Lease lease = leases.get(binding.name());
    if (lease == null || !lease.valid()) {
      try {
        lease = action != null ? broker.lease(binding, action) : broker.lease(binding);
      } catch (CredentialUnavailableException e) {
        return null;
      }
      leases.put(binding.name(), lease);
      if (ended) {
        lease.revoke();
        return null;
      }
    }
    return lease.value();
  }

  public boolean ended() {
    return ended;
  }

  /** The call returned: every lease is revoked and the thread gets back the lease it had before. */
  void end() {
    ended = true;
    for (Lease l : leases.values()) {
      l.revoke();
    }
    if (CURRENT.get() == this) {
      if (previous == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(previous);
      }
    }
  }
}
