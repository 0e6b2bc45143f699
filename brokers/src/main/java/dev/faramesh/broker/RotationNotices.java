package dev.faramesh.broker;

import java.util.Collection;

/**
 * Tells a broker which credentials were rotated elsewhere (by {@code faramesh credential rotate} in
 * another process) since it last asked, so it drops their cached values before the next lease. The
 * broker asks before every lease, so implementations must answer in microseconds when nothing changed.
 */
@FunctionalInterface
public interface RotationNotices {

  /** Names of credentials rotated since the previous call; empty when none. */
  Collection<String> poll();
}
