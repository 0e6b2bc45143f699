package dev.faramesh.launcher.decision;

import dev.faramesh.identity.IdentityException;
import dev.faramesh.identity.IdentityProvider;
import dev.faramesh.policy.Principal;
import java.time.Clock;
import java.time.Instant;

/**
 * The principal the launcher decides for: attested at start-up (a failure stops the run before the
 * child starts) and attested again when it expires; while that fails, decisions deny.
 */
public final class RunPrincipal {

  private final IdentityProvider provider;
  private final String agentId;
  private final Clock clock;
  private volatile Principal current;

  public RunPrincipal(IdentityProvider provider, String agentId, Clock clock) {
    this.provider = provider;
    this.agentId = agentId;
    this.clock = clock;
  }

  /** Attests now. */
  public Principal attest() throws IdentityException {
    Principal p = provider.attest(agentId);
    current = p;
    return p;
  }

  /** The current principal, attested again once expired. */
  public Principal principal() throws IdentityException {
    Principal p = current;
    if (p == null || expired(p)) {
      synchronized (this) {
        p = current;
        if (p == null || expired(p)) {
          p = attest();
        }
      }
    }
    return p;
  }

  private boolean expired(Principal p) {
    Instant expiry = p.expiry();
    return expiry != null && !clock.instant().isBefore(expiry);
  }

  public String agentId() {
    return agentId;
  }
}
