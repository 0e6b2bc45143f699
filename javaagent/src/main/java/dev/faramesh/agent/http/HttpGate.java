package dev.faramesh.agent.http;

import dev.faramesh.agent.decision.DecisionPoint;
import dev.faramesh.agent.decision.Verdict;
import dev.faramesh.agent.tool.ToolLease;
import dev.faramesh.broker.Broker;
import dev.faramesh.broker.CredentialText;
import dev.faramesh.broker.CredentialUnavailableException;
import dev.faramesh.broker.Lease;
import dev.faramesh.policy.Action;
import dev.faramesh.policy.CredentialBinding;
import dev.faramesh.policy.HttpTarget;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Decides one HTTP hop for any client library: builds the {@code http/<method>} action with
 * host, port, path and query, has it decided and recorded, and for a permitted hop returns the
 * {@link WirePlan} of credentials that may be substituted on the way to that host (none when the
 * policy grants none there).
 */
public final class HttpGate {

  private final DecisionPoint decisions;
  private final Broker broker;

  public HttpGate(DecisionPoint decisions, Broker broker) {
    this.decisions = decisions;
    this.broker = broker;
  }

  /** The decided hop: its verdict and, when permitted with credentials, its plan. */
  public record Hop(Verdict verdict, WirePlan plan, String target) {
    public boolean allowed() {
      return verdict.allowed();
    }
  }

  /**
   * Decides a request; {@code visible} are the header values and query the caller can see now,
   * used only to record which credentials the request carries.
   */
  public Hop decide(String adapter, String scheme, String host, int port, String method, String path, String query,
      List<String> visible) {
    String s = scheme == null ? "http" : scheme.toLowerCase(Locale.ROOT);
    String h = host == null ? "" : host.toLowerCase(Locale.ROOT);
    int p = port > 0 ? port : "https".equals(s) ? 443 : 80;
    Action action = Action.http(new HttpTarget(s, h, p, method, path, query), adapter);
    // issue after permit only: the credentials the request carries are leased once the policy permitted the
    // hop and before the DPR is written, so a backend that is down or refuses denies this call with its reason
    Map<String, Lease> issued = new HashMap<>(2);
    Verdict verdict = decisions.decide(action, h, p, b -> carries(visible, broker.placeholder(b.name())), carried -> {
      try {
        for (CredentialBinding b : carried) {
          issued.put(b.name(), broker.lease(b, action));
        }
      } catch (CredentialUnavailableException e) {
        issued.values().forEach(Lease::close);
        issued.clear();
        throw e;
      }
    });
    String target = s + "://" + h + ":" + p + (path == null || path.isEmpty() ? "/" : path);
    // a request made by a permitted tool call may also carry what that call was leased, on its thread
    ToolLease tool = verdict.allowed() ? ToolLease.current() : null;
    List<CredentialBinding> fromTool = tool == null ? List.of() : tool.bindingsFor(h);
    WirePlan plan = verdict.allowed() && !(verdict.credentials().isEmpty() && fromTool.isEmpty())
        ? new WirePlan(broker, verdict.credentials(), action, tool, fromTool).withLeases(issued) : null;
    return new Hop(verdict, plan, target);
  }

  private static boolean carries(List<String> visible, String placeholder) {
    if (placeholder == null) {
      return false;
    }
    for (String v : visible) {
      if (CredentialText.containsAny(v, List.of(placeholder))) {
        return true;
      }
    }
    return false;
  }
}
