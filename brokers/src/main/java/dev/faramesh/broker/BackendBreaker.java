package dev.faramesh.broker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Keeps a failing backend from being hammered. After an outage (unreachable, timed out) every call
 * for that backend fails fast for a back-off period that doubles with each further outage, from 1 s up
 * to 30 s; when it has passed one call goes through as a probe while the others keep failing fast, and
 * a success closes the breaker. Final answers (not found, denied) do not open it.
 */
final class BackendBreaker {

  static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
  static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  private final String type;
  private final Clock clock;
  private Duration backoff = Duration.ZERO;
  private Instant openUntil = Instant.MIN;
  private boolean probing;
  private String lastFailure;

  BackendBreaker(String type, Clock clock) {
    this.type = type;
    this.clock = clock;
  }

  /** Lets a call through, or fails it fast while the backend is backed off from. */
  synchronized void admit() throws BackendException {
    if (backoff.isZero()) {
      return;
    }
    Instant now = clock.instant();
    if (now.isBefore(openUntil) || probing) {
      long waitMs = Math.max(0, Duration.between(now, openUntil).toMillis());
      throw new BackendException(Failure.BACKEND_UNAVAILABLE, type + " backend is backed off after an outage ("
          + lastFailure + "); next attempt in " + waitMs + " ms");
    }
    probing = true;
  }

  synchronized void succeeded() {
    backoff = Duration.ZERO;
    probing = false;
  }

  synchronized void failed(Failure failure, String what) {
    probing = false;
    if (!failure.outage()) {
      return;
    }
    backoff = backoff.isZero() ? FIRST_BACKOFF : backoff.multipliedBy(2);
    if (backoff.compareTo(MAX_BACKOFF) > 0) {
      backoff = MAX_BACKOFF;
    }
    openUntil = clock.instant().plus(backoff);
    lastFailure = failure.reasonCode() + ": " + what;
  }
}
