package dev.faramesh.policy.engine;

import dev.faramesh.policy.Effect;
import dev.faramesh.policy.Glob;
import dev.faramesh.policy.ReasonCodes;
import dev.faramesh.policy.SourceRef;
import dev.faramesh.policy.condition.Expr;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@code budget} block: a session cap ({@code max}), a daily cap ({@code daily}, UTC days) and a
 * call cap ({@code max_calls}) per verified identity, over the tools it covers (all when none are
 * listed). A call's cost is the {@code cost} expression (for instance {@code args.amount}) or 0.
 * Spending is reserved atomically when a call is permitted and given back if the call does not go
 * ahead.
 */
public final class Budget {

  private final String name;
  private final List<Glob> tools;
  private final double sessionCap;
  private final double dailyCap;
  private final long maxCalls;
  private final Effect onExceed;
  private final Expr cost;
  private final SourceRef ref;
  private final ConcurrentHashMap<String, double[]> ledgers = new ConcurrentHashMap<>();

  public Budget(String name, List<Glob> tools, double sessionCap, double dailyCap, long maxCalls, Effect onExceed,
      Expr cost, SourceRef ref) {
    this.name = name;
    this.tools = List.copyOf(tools);
    this.sessionCap = sessionCap;
    this.dailyCap = dailyCap;
    this.maxCalls = maxCalls;
    this.onExceed = onExceed;
    this.cost = cost;
    this.ref = ref;
  }

  public String name() { return name; }
  public Effect onExceed() { return onExceed; }
  /** The cost expression, or {@code null} when calls cost nothing (only {@code max_calls} counts). */
  public Expr cost() { return cost; }
  public SourceRef ref() { return ref; }

  public boolean covers(String toolId) {
    if (tools.isEmpty()) {
      return true;
    }
    for (Glob g : tools) {
      if (g.matches(toolId)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Reserves {@code amount} for {@code owner}; returns {@code null} when it fits, else the reason
   * code of the cap it would break.
   */
  public String tryReserve(String owner, double amount, long nowMillis) {
    // ledger: [0] session spent, [1] daily spent, [2] epoch day of [1], [3] calls
    double[] l = ledgers.computeIfAbsent(owner, k -> new double[4]);
    long day = Math.floorDiv(nowMillis, 86_400_000L);
    synchronized (l) {
      if ((long) l[2] != day) {
        l[1] = 0;
        l[2] = day;
      }
      if (maxCalls >= 0 && l[3] + 1 > maxCalls) {
        return ReasonCodes.SESSION_TOOL_LIMIT;
      }
      if (!Double.isNaN(sessionCap) && l[0] + amount > sessionCap + 1e-9) {
        return ReasonCodes.BUDGET_SESSION_EXCEEDED;
      }
      if (!Double.isNaN(dailyCap) && l[1] + amount > dailyCap + 1e-9) {
        return ReasonCodes.BUDGET_DAILY_EXCEEDED;
      }
      l[0] += amount;
      l[1] += amount;
      l[3] += 1;
      return null;
    }
  }

  public void release(String owner, double amount) {
    double[] l = ledgers.get(owner);
    if (l != null) {
      synchronized (l) {
        l[0] -= amount;
        l[1] -= amount;
        l[3] -= 1;
      }
    }
  }

  /** {session spent, daily spent} for {@code owner}, for {@code session.*} conditions. */
  public double[] spent(String owner) {
    double[] l = ledgers.get(owner);
    if (l == null) {
      return new double[2];
    }
    synchronized (l) {
      return new double[] {l[0], l[1]};
    }
  }

  /**
   * What {@code owner} may still spend at {@code nowMillis}: the smaller of what is left under the
   * session and the daily cap ({@code Double.POSITIVE_INFINITY} without either).
   */
  public double remaining(String owner, long nowMillis) {
    double[] l = ledgers.get(owner);
    double session = 0;
    double daily = 0;
    if (l != null) {
      synchronized (l) {
        session = l[0];
        daily = (long) l[2] == Math.floorDiv(nowMillis, 86_400_000L) ? l[1] : 0;
      }
    }
    double left = Double.POSITIVE_INFINITY;
    if (!Double.isNaN(sessionCap)) {
      left = Math.min(left, sessionCap - session);
    }
    if (!Double.isNaN(dailyCap)) {
      left = Math.min(left, dailyCap - daily);
    }
    return Math.max(0, left);
  }

  public String describe() {
    StringBuilder sb = new StringBuilder("budget ").append(name).append(" {");
    if (!Double.isNaN(sessionCap)) {
      sb.append(" max $").append(sessionCap);
    }
    if (!Double.isNaN(dailyCap)) {
      sb.append(" daily $").append(dailyCap);
    }
    if (maxCalls >= 0) {
      sb.append(" max_calls ").append(maxCalls);
    }
    return sb.append(" } at ").append(ref).toString();
  }
}
