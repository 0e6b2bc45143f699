package dev.faramesh.agent.http.jdk;

import dev.faramesh.agent.http.HttpGate;
import dev.faramesh.agent.http.WeakIdentityMap;
import dev.faramesh.agent.http.WirePlan;
import dev.faramesh.agent.identity.LogicalAgents;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The agent side of the {@code java.net.http.HttpClient} interception. {@code sendAsync} decides
 * the first hop on the caller's thread and parks the outcome on the application's request
 * object; the exchange picks it up for its internal request copy at its first hop and decides
 * every redirect anew. The wire hooks then find the hop's {@link WirePlan} by request identity and
 * replace placeholders only in what is serialised, never in objects the application can reach.
 * Requests the agent sends itself are marked and left alone on every hop. Once logical agents
 * exist, each call remembers the agent that sent it, and its redirects, decided on the client's
 * threads, are decided as that agent.
 */
public final class JdkHttpClientHandler {

  static final String ADAPTER = "jdk-httpclient";

  /** Marks a request the agent itself sent. */
  private static final Object AGENT = new Object();
  /** Marks a decided first hop with nothing to substitute. */
  private static final Object PLAIN = new Object();

  private final HttpGate gate;
  private final LogicalAgents agents;
  private final WeakIdentityMap<Object, ArrayDeque<Pending>> pending = new WeakIdentityMap<>();
  /** A hop's request to the agent that sent the call ({@link LogicalAgents#sender}). */
  private final WeakIdentityMap<Object, Object> senders = new WeakIdentityMap<>();
  private final WeakIdentityMap<Object, Object> hops = new WeakIdentityMap<>();
  /** A hop's plan to the call (exchange) whose leases it adds to. */
  private final WeakIdentityMap<Object, Exchange> exchanges = new WeakIdentityMap<>();

  public JdkHttpClientHandler(HttpGate gate) {
    this(gate, null);
  }

  /** With redirects decided as the logical agent that sent the call ({@code null}: no logical agents). */
  public JdkHttpClientHandler(HttpGate gate, LogicalAgents agents) {
    this.gate = gate;
    this.agents = agents;
  }

  /** A decided first hop waiting for the exchange, and who sent it ({@code null}: nobody to carry). */
  private record Pending(Object state, Object sender) {}

  /** {@code HttpClientImpl.sendAsync}: decide the first hop. */
  public Throwable send(Object userRequest, boolean fromAgent) {
    Object outcome = start(userRequest, fromAgent, false);
    return outcome instanceof Throwable ? (Throwable) outcome : null;
  }

  /**
   * {@code HttpClientImpl.sendAsync}: decide the first hop, like {@link #send}, and return the
   * denial, {@code null} when the call holds nothing to end, or the {@link Exchange} whose
   * leases {@link #exchangeEnd} ends once the call's future completes.
   */
  public Object exchange(Object userRequest, boolean fromAgent) {
    return start(userRequest, fromAgent, true);
  }

  private Object start(Object userRequest, boolean fromAgent, boolean track) {
    if (!(userRequest instanceof HttpRequest)) {
      return null;
    }
    Object state = AGENT;
    if (!fromAgent) {
      HttpGate.Hop hop = decide((HttpRequest) userRequest);
      if (!hop.allowed()) {
        return hop.verdict().ioDenial(hop.target());
      }
      state = hop.plan() == null ? PLAIN : hop.plan();
    }
    Exchange exchange = null;
    if (track && state instanceof WirePlan) {
      exchange = new Exchange();
      exchange.add((WirePlan) state);
      exchanges.put(state, exchange);
    }
    ArrayDeque<Pending> queue = pending.computeIfAbsent(userRequest, ArrayDeque::new);
    synchronized (queue) {
      queue.addLast(new Pending(state, agents == null ? null : agents.sender()));
    }
    return exchange;
  }

  /** The future of the call {@code handle} was returned for completed (a response, or a failure). */
  public void exchangeEnd(Object handle) {
    if (handle instanceof Exchange) {
      for (WirePlan plan : ((Exchange) handle).end()) {
        exchanges.remove(plan);
        plan.release();
      }
    }
  }

  /** The plans of one call's hops (the first and the redirects that carry credentials). */
  static final class Exchange {
    private final List<WirePlan> plans = new ArrayList<>(2);
    private boolean ended;

    synchronized boolean add(WirePlan plan) {
      if (ended) {
        return false;
      }
      plans.add(plan);
      return true;
    }

    synchronized List<WirePlan> end() {
      ended = true;
      List<WirePlan> out = new ArrayList<>(plans);
      plans.clear();
      return out;
    }
  }

  /** {@code MultiExchange.requestFilters}: take over the first hop's outcome, or decide a redirect. */
  public Throwable hop(Object userRequest, Object previous, Object request) {
    if (!(request instanceof HttpRequest)) {
      return null;
    }
    Object state = null;
    Object sender = null;
    if (previous == null) {
      Pending p = takePending(userRequest);
      if (p != null) {
        state = p.state();
        sender = p.sender();
      }
    } else if (hops.get(previous) == AGENT) {
      state = AGENT;
    } else {
      sender = senders.get(previous);
    }
    if (sender != null) {
      senders.put(request, sender);
    }
    if (state == null) {
      HttpGate.Hop hop = decide((HttpRequest) request, sender);
      if (!hop.allowed()) {
        return hop.verdict().ioDenial(hop.target());
      }
      state = hop.plan();
      if (previous != null && state != null) {
        joinExchange(previous, (WirePlan) state);
      }
    }
    if (state == AGENT || state instanceof WirePlan) {
      hops.put(request, state);
    }
    return null;
  }

  /** A redirect's plan joins the call of the hop it follows, so its leases end with the call. */
  private void joinExchange(Object previous, WirePlan plan) {
    Object before = hops.get(previous);
    Exchange exchange = before instanceof WirePlan ? exchanges.get(before) : null;
    if (exchange == null) {
      return;
    }
    if (exchange.add(plan)) {
      exchanges.put(plan, exchange);
    } else {
      plan.release();
    }
  }

  private Pending takePending(Object userRequest) {
    ArrayDeque<Pending> queue = pending.get(userRequest);
    if (queue == null) {
      return null;
    }
    synchronized (queue) {
      Pending state = queue.pollFirst();
      if (queue.isEmpty()) {
        pending.remove(userRequest);
      }
      return state;
    }
  }

  /** Decides a redirect as the agent that sent the call, whichever thread of the client runs it. */
  private HttpGate.Hop decide(HttpRequest request, Object sender) {
    if (sender == null) {
      return decide(request);
    }
    Object previous = agents.enter(sender);
    try {
      return decide(request);
    } finally {
      agents.exit(previous);
    }
  }

  private HttpGate.Hop decide(HttpRequest request) {
    URI uri = request.uri();
    List<String> visible = new ArrayList<>();
    for (List<String> values : request.headers().map().values()) {
      visible.addAll(values);
    }
    if (uri.getRawQuery() != null) {
      visible.add(uri.getRawQuery());
    }
    return gate.decide(ADAPTER, uri.getScheme(), uri.getHost(), uri.getPort(), request.method(), uri.getRawPath(),
        uri.getRawQuery(), visible);
  }

  private WirePlan plan(Object request) {
    Object state = hops.get(request);
    return state instanceof WirePlan ? (WirePlan) state : null;
  }

  /** Header blocks on their way to the wire (HTTP/1.1 and HTTP/2). */
  public Object wireHeaders(Object request, Object headers) {
    WirePlan plan = plan(request);
    if (plan == null || !(headers instanceof HttpHeaders)) {
      return headers;
    }
    Map<String, List<String>> in = ((HttpHeaders) headers).map();
    Map<String, List<String>> out = new LinkedHashMap<>(in.size() * 2);
    boolean changed = false;
    for (Map.Entry<String, List<String>> e : in.entrySet()) {
      List<String> values = new ArrayList<>(e.getValue().size());
      for (String v : e.getValue()) {
        String replaced = plan.header(v);
        changed |= !replaced.equals(v);
        values.add(replaced);
      }
      out.put(e.getKey(), values);
    }
    return changed ? HttpHeaders.of(out, (n, v) -> true) : headers;
  }

  /** The HTTP/1.1 request target. */
  public String requestTarget(Object request, String target) {
    WirePlan plan = plan(request);
    return plan == null ? target : plan.target(target);
  }

  /** The HTTP/2 pseudo-headers; only {@code :path} can carry a placeholder. */
  public Object pseudoHeaders(Object request, Object headers) {
    WirePlan plan = plan(request);
    if (plan == null || !(headers instanceof HttpHeaders)) {
      return headers;
    }
    HttpHeaders h = (HttpHeaders) headers;
    String path = h.firstValue(":path").orElse(null);
    String replaced = plan.target(path);
    if (path == null || replaced.equals(path)) {
      return headers;
    }
    Map<String, List<String>> out = new LinkedHashMap<>(h.map());
    out.put(":path", List.of(replaced));
    return HttpHeaders.of(out, (n, v) -> true);
  }
}
