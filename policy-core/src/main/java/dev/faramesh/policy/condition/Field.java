package dev.faramesh.policy.condition;

import dev.faramesh.policy.HttpTarget;
import dev.faramesh.policy.Principal;
import java.util.List;
import java.util.Map;

/**
 * A field read in a condition, resolved at compile time to where it lives: {@code args.*} (and
 * bare names such as {@code customer.tenant}, which are arguments under their own name),
 * {@code principal.*} (verified claims), {@code session.*}, {@code time.*}, {@code delegation.*},
 * {@code vars.*}, the tool id, and the HTTP attributes {@code host}, {@code port}, {@code method},
 * {@code path}, {@code query}.
 */
public final class Field implements Expr {

  /** Where a field is read from. */
  public enum Root { ARGS, PRINCIPAL, SESSION, TIME, DELEGATION, VARS, TOOL, HTTP, AMOUNT }

  private final Root root;
  private final String[] path;
  private final String text;

  public Field(Root root, String[] path, String text) {
    this.root = root;
    this.path = path;
    this.text = text;
  }

  @Override
  public Object eval(EvalContext ctx) {
    switch (root) {
      case ARGS: return walk(ctx.action().args(), 0);
      case PRINCIPAL: return principal(ctx.principal());
      case SESSION: return session(ctx.session());
      case TIME: return time(ctx);
      case DELEGATION: return delegation(ctx.principal());
      case VARS: return walk(ctx.vars(), 0);
      case TOOL: return ctx.action().toolId();
      case HTTP: return http(ctx);
      case AMOUNT: {
        Object v = ctx.action().args().get("amount");
        return v == null ? Missing.VALUE : v;
      }
      default: return Missing.VALUE;
    }
  }

  private Object walk(Object start, int from) {
    Object cur = start;
    for (int k = from; k < path.length; k++) {
      if (cur instanceof Map) {
        Map<?, ?> m = (Map<?, ?>) cur;
        if (!m.containsKey(path[k])) {
          return Missing.VALUE;
        }
        cur = m.get(path[k]);
      } else if (cur instanceof List && isIndex(path[k])) {
        List<?> l = (List<?>) cur;
        int idx = Integer.parseInt(path[k]);
        if (idx >= l.size()) {
          return Missing.VALUE;
        }
        cur = l.get(idx);
      } else {
        return Missing.VALUE;
      }
    }
    return cur;
  }

  private static boolean isIndex(String s) {
    if (s.isEmpty() || s.length() > 9) {
      return false;
    }
    for (int k = 0; k < s.length(); k++) {
      if (!Character.isDigit(s.charAt(k))) {
        return false;
      }
    }
    return true;
  }

  private Object principal(Principal p) {
    if (path.length == 0) {
      return Missing.VALUE;
    }
    switch (path[0]) {
      case "id": return p.id();
      case "agent_id": return p.agentId();
      case "svid": return p.svid();
      case "verified": return p.verified();
      case "method": return p.method();
      case "dev": return p.dev();
      default: return walk(p.claims(), 0);
    }
  }

  private Object session(SessionView s) {
    switch (path[0]) {
      case "call_count": return s.callCount();
      case "cost_usd": return s.costUsd();
      case "daily_cost_usd": return s.dailyCostUsd();
      case "phase": {
        String phase = s.phase();
        return phase == null ? Missing.VALUE : phase;
      }
      default: return Missing.VALUE;
    }
  }

  private Object time(EvalContext ctx) {
    switch (path[0]) {
      case "hour": return (long) ctx.time().getHour();
      case "minute": return (long) ctx.time().getMinute();
      case "weekday": return (long) ctx.time().getDayOfWeek().getValue();
      case "day": return (long) ctx.time().getDayOfMonth();
      case "month": return (long) ctx.time().getMonthValue();
      case "year": return (long) ctx.time().getYear();
      case "now": return ctx.nowMillis() / 1000;
      default: return Missing.VALUE;
    }
  }

  private Object delegation(Principal p) {
    List<String> chain = p.delegatedFrom();
    switch (path[0]) {
      case "depth": return (long) chain.size();
      case "origin_agent": return chain.isEmpty() ? Missing.VALUE : chain.get(0);
      case "chain": return chain;
      case "agent_identity_verified": return p.verified();
      default: return Missing.VALUE;
    }
  }

  private Object http(EvalContext ctx) {
    HttpTarget h = ctx.action().http();
    String name = path[0];
    if (h == null) {
      Object v = ctx.action().args().get(name);
      return v == null ? Missing.VALUE : v;
    }
    switch (name) {
      case "host": return h.host();
      case "port": return (long) h.port();
      case "method": return h.method();
      case "path": return h.path();
      case "query": return h.query() == null ? Missing.VALUE : h.query();
      case "scheme": return h.scheme();
      default: return Missing.VALUE;
    }
  }

  @Override
  public String toString() {
    return text;
  }
}
