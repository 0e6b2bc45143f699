package dev.faramesh.agent.decision;

import dev.faramesh.identity.IdentityException;
import dev.faramesh.identity.IdentityProvider;
import dev.faramesh.policy.Principal;
import java.time.Clock;
import java.time.Instant;

/**
 * The principal decisions are made for: attested once and reused until it expires, then attested
 * again. When attestation fails the failure is kept, and every decision denies with it, until a
 * later attestation succeeds.
 */
public final class PrincipalSource {

  private final IdentityProvider provider;
  private final String agentId;
  private final Clock clock;
  private volatile Principal current;

  public PrincipalSource(IdentityProvider provider, String agentId, Clock clock) {
    this.provider = provider;
    this.agentId = agentId;
    this.clock = clock;
  }

  /** Attests now; used at start-up so a broken identity stops the agent from starting. */
  public Principal attest() throws IdentityException {
    Principal p = provider.attest(agentId);
    current = p;
    return p;
  }

  /** The principal to decide for; throws when it cannot be (re-)attested. */
  public Principal principal() throws IdentityException {
    Principal p = current;
    Instant expiry = p == null ? null : p.expiry();
    if (p == null || (expiry != null && !clock.instant().isBefore(expiry))) {
      synchronized (this) {
        p = current;
        expiry = p == null ? null : p.expiry();
        if (p == null || (expiry != null && !clock.instant().isBefore(expiry))) {
          p = attest();
        }
      }
    }
    return p;
  }

  public String agentId() {
    return agentId;
  }

  public IdentityProvider provider() {
    return provider;
  }
}
