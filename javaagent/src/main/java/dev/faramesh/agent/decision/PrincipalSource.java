package dev.faramesh.agent.decision;

import dev.faramesh.identity.IdentityException;
import dev.faramesh.identity.IdentityProvider;
import dev.faramesh.policy.Principal;
import java.time.Clock;
import java.time.Instant;

/**
 * The principal one agent label acts as, attested by its provider and reused while nothing changed:
 * it is attested again when the provider reports new evidence ({@link IdentityProvider#revision()},
 * e.g. an SVID rotated on the Workload API stream), when it is within 30 seconds of its expiry (a
 * failed early refresh keeps the still-valid principal), and once it has expired. Attempts without
 * new evidence are made at most once a second; a failed attestation is kept meanwhile and every
 * decision denies with it.
 */
public final class PrincipalSource implements PrincipalResolver {

  private static final long REFRESH_AHEAD_MILLIS = 30_000;
  private static final long RETRY_NANOS = 1_000_000_000L;

  private final IdentityProvider provider;
  private final String agentId;
  private final Clock clock;
  private volatile Principal current;
  private volatile long revision;
  private volatile IdentityException failure;
  private volatile long retryAt;

  public PrincipalSource(IdentityProvider provider, String agentId, Clock clock) {
    this.provider = provider;
    this.agentId = agentId;
    this.clock = clock;
  }

  /** Attests now, whatever is cached: at start-up and when a worker is spawned. */
  public synchronized Principal attest() throws IdentityException {
    long r = provider.revision();
    retryAt = System.nanoTime() + RETRY_NANOS;
    try {
      Principal p = provider.attest(agentId);
      current = p;
      revision = r;
      failure = null;
      return p;
    } catch (IdentityException e) {
      current = null;
      revision = r;
      failure = e;
      throw e;
    } catch (RuntimeException e) {
      IdentityException wrapped = new IdentityException("the " + provider.type() + " identity provider failed: "
          + e.getClass().getSimpleName(), e);
      current = null;
      revision = r;
      failure = wrapped;
      throw wrapped;
    }
  }

  /** The principal to decide for; throws when it cannot be (re-)attested. */
  public Principal principal() throws IdentityException {
    Principal p = current;
    if (p != null && provider.revision() == revision && !refreshDue(p, clock.millis())) {
      return p;
    }
    return refresh();
  }

  private synchronized Principal refresh() throws IdentityException {
    Principal p = current;
    long r = provider.revision();
    long now = clock.millis();
    boolean changed = r != revision;
    if (p != null && !changed && !refreshDue(p, now)) {
      return p;
    }
    boolean throttled = System.nanoTime() - retryAt < 0;
    if (!changed && throttled) {
      if (p != null && !expired(p, now)) {
        return p;
      }
      if (p == null && failure != null) {
        throw failure;
      }
    }
    try {
      return attest();
    } catch (IdentityException e) {
      if (p != null && !changed && !expired(p, now)) {
        // an early refresh failed: the principal we have is still valid
        current = p;
        failure = null;
        return p;
      }
      throw e;
    }
  }

  private static boolean refreshDue(Principal p, long now) {
    Instant expiry = p.expiry();
    return expiry != null && now >= expiry.toEpochMilli() - REFRESH_AHEAD_MILLIS;
  }

  private static boolean expired(Principal p, long now) {
    Instant expiry = p.expiry();
    return expiry != null && now >= expiry.toEpochMilli();
  }

  /** The principal attested last, or {@code null} when the last attempt failed. */
  public Principal lastPrincipal() {
    return current;
  }

  /** Why the last attempt failed, or {@code null}. */
  public IdentityException lastFailure() {
    return failure;
  }

  public String agentId() {
    return agentId;
  }

  public IdentityProvider provider() {
    return provider;
  }

  @Override
  public String currentAgentId() {
    return agentId;
  }

  @Override
  public Principal currentPrincipal() throws IdentityException {
    return principal();
  }
}
