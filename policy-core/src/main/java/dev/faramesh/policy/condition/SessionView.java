package dev.faramesh.policy.condition;

/**
 * What conditions may read about the caller's session ({@code session.*} and the history
 * functions). The engine keeps one per verified identity.
 */
public interface SessionView {

  long callCount();

  double costUsd();

  double dailyCostUsd();

  /** The current phase of the agent, or {@code null} when the agent declares none. */
  String phase();

  /** Whether a call matching {@code toolPattern} was permitted within the last {@code seconds}. */
  boolean historyContainsWithin(String toolPattern, long seconds, long nowMillis);

  /** Whether permitted calls matching the patterns happened in this order (not necessarily adjacent). */
  boolean historySequence(java.util.List<String> toolPatterns);

  /** How many permitted calls matched {@code toolPattern} in this session. */
  long historyToolCount(String toolPattern);

  /** How many denials the session received within the last {@code seconds}. */
  long denyCountWithin(long seconds, long nowMillis);

  /** A session with no history, for evaluation outside the engine ({@code policy explain}). */
  SessionView EMPTY = new SessionView() {
    @Override public long callCount() { return 0; }
    @Override public double costUsd() { return 0; }
    @Override public double dailyCostUsd() { return 0; }
    @Override public String phase() { return null; }
    @Override public boolean historyContainsWithin(String p, long s, long n) { return false; }
    @Override public boolean historySequence(java.util.List<String> p) { return false; }
    @Override public long historyToolCount(String p) { return 0; }
    @Override public long denyCountWithin(long s, long n) { return 0; }
  };
}
