package dev.faramesh.policy.engine;

import dev.faramesh.policy.Glob;
import dev.faramesh.policy.condition.SessionView;
import java.util.List;

/**
 * What the engine remembers about one verified identity's session: calls, spending (read from the
 * agent's budgets), the current phase and a bounded history of recent decisions for the
 * {@code history_*} functions. Kept only for agents whose policy reads it.
 */
final class SessionState implements SessionView {

  private static final int HISTORY = 256;

  private final AgentRules agent;
  private final String owner;
  private final String[] tools = new String[HISTORY];
  private final long[] times = new long[HISTORY];
  private final boolean[] permitted = new boolean[HISTORY];
  private int head;
  private int size;
  private long calls;
  private String phase;
  private long phaseSince;

  SessionState(AgentRules agent, String owner, long now) {
    this.agent = agent;
    this.owner = owner;
    this.phase = agent.initialPhase();
    this.phaseSince = now;
  }

  synchronized void record(String toolId, boolean allowed, long now) {
    tools[head] = toolId;
    times[head] = now;
    permitted[head] = allowed;
    head = (head + 1) % HISTORY;
    size = Math.min(HISTORY, size + 1);
    if (allowed) {
      calls++;
    }
  }

  /** Moves through timed phases ({@code duration} then {@code next}) and returns the current one. */
  synchronized String phaseAt(long now) {
    while (phase != null) {
      AgentRules.PhaseSpec spec = agent.phase(phase);
      if (spec == null || spec.durationMillis() <= 0 || now - phaseSince < spec.durationMillis()) {
        break;
      }
      phaseSince += spec.durationMillis();
      phase = spec.next();
    }
    return phase;
  }

  @Override
  public synchronized long callCount() {
    return calls;
  }

  @Override
  public double costUsd() {
    double total = 0;
    for (Budget b : agent.budgets()) {
      total += b.spent(owner)[0];
    }
    return total;
  }

  @Override
  public double dailyCostUsd() {
    double total = 0;
    for (Budget b : agent.budgets()) {
      total += b.spent(owner)[1];
    }
    return total;
  }

  @Override
  public synchronized String phase() {
    return phase;
  }

  @Override
  public synchronized boolean historyContainsWithin(String toolPattern, long seconds, long nowMillis) {
    Glob g = Glob.path(toolPattern);
    for (int k = 0; k < size; k++) {
      int idx = (head - 1 - k + HISTORY) % HISTORY;
      if (nowMillis - times[idx] > seconds * 1000) {
        break;
      }
      if (permitted[idx] && g.matches(tools[idx])) {
        return true;
      }
    }
    return false;
  }

  @Override
  public synchronized boolean historySequence(List<String> toolPatterns) {
    int want = 0;
    for (int k = size - 1; k >= 0 && want < toolPatterns.size(); k--) {
      int idx = (head - 1 - k + HISTORY) % HISTORY;
      if (permitted[idx] && Glob.path(toolPatterns.get(want)).matches(tools[idx])) {
        want++;
      }
    }
    return want == toolPatterns.size();
  }

  @Override
  public synchronized long historyToolCount(String toolPattern) {
    Glob g = Glob.path(toolPattern);
    long n = 0;
    for (int k = 0; k < size; k++) {
      int idx = (head - 1 - k + HISTORY) % HISTORY;
      if (permitted[idx] && g.matches(tools[idx])) {
        n++;
      }
    }
    return n;
  }

  @Override
  public synchronized long denyCountWithin(long seconds, long nowMillis) {
    long n = 0;
    for (int k = 0; k < size; k++) {
      int idx = (head - 1 - k + HISTORY) % HISTORY;
      if (nowMillis - times[idx] > seconds * 1000) {
        break;
      }
      if (!permitted[idx]) {
        n++;
      }
    }
    return n;
  }
}
