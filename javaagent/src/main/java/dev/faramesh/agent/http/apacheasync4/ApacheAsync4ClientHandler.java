package dev.faramesh.agent.http.apacheasync4;

import dev.faramesh.agent.http.HttpGate;
import dev.faramesh.agent.http.HttpLibrary;
import dev.faramesh.agent.http.WeakIdentityMap;
import dev.faramesh.agent.http.WirePlan;
import dev.faramesh.agent.http.apache.ApacheHttpClientHandler;
import dev.faramesh.agent.reflect.Members;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Apache HttpAsyncClient 4.1 ({@code org.apache.http.impl.nio.client}). Its exchange
 * ({@code DefaultClientExchangeHandlerImpl}) moves between the caller's thread and I/O reactor
 * threads, so what was decided is kept with the library's objects: per exchange the plan of its
 * current hop, per request object ({@code HttpRequestWrapper}, the one the connection writes) its
 * plan. A hop is decided when {@code MainClientExec} has made a new current request (the first in
 * {@code prepare}, a redirect in {@code responseCompleted}) and before a connection is requested for
 * it; a request already decided (a retry, an authentication round, the same request after a
 * tunnel) is not decided again. A redirect ends the leases of the hop it leaves; the exchange's
 * release ends those of its last hop. The minimal client's exchange ({@code createMinimal}) is
 * decided when it requests its connection. The pipelining client's exchange
 * ({@code createPipelining}, {@code PipeliningClientExchangeHandlerImpl}) has every request of its
 * pipeline decided when it first requests its connection, before any of them is written: one denied
 * request fails the whole pipeline. The request objects its producers give are remembered with their
 * plans; the wrapper the exchange makes of each for the connection gets its original's plan.
 */
public final class ApacheAsync4ClientHandler implements HttpLibrary {

  static final String ADAPTER = "apache-httpasyncclient4";
  private static final String MINIMAL_EXCHANGE = "org.apache.http.impl.nio.client.MinimalClientExchangeHandlerImpl";
  private static final String PIPELINING_EXCHANGE = "org.apache.http.impl.nio.client.PipeliningClientExchangeHandlerImpl";

  /** A permitted hop with nothing to substitute. */
  private static final Object PERMITTED = new Object();

  private final HttpGate gate;
  private final WeakIdentityMap<Object, Object> requests = new WeakIdentityMap<>();
  private final WeakIdentityMap<Object, WirePlan> exchanges = new WeakIdentityMap<>();
  /** Per pipelining exchange, the plans of its permitted requests (empty: decided, nothing to substitute). */
  private final WeakIdentityMap<Object, List<WirePlan>> pipelines = new WeakIdentityMap<>();

  public ApacheAsync4ClientHandler(HttpGate gate) {
    this.gate = gate;
  }

  /** {@code exchange} made a new current request, maybe: decides it; the denial or {@code null}. */
  @Override
  public Object enter(Object exchange, Object generated) {
    try {
      if (exchange.getClass().getName().equals(PIPELINING_EXCHANGE)) {
        return generated == null ? pipeline(exchange) : generated(exchange, generated);
      }
      Object request = Members.call(exchange, "getCurrentRequest");
      if (request == null || requests.get(request) != null) {
        return null;
      }
      HttpGate.Hop hop = decide(request, Members.call(exchange, "getRoute"));
      if (!hop.allowed()) {
        Exception denial = hop.verdict().ioDenial(hop.target());
        // the minimal client's failed() fails only its producer and consumer, never the Future (upstream, for
        // any failure: a refused connection leaves it pending too): the denial is given to the Future here
        return exchange.getClass().getName().equals(MINIMAL_EXCHANGE) ? failFuture(exchange, denial) : denial;
      }
      requests.put(request, hop.plan() == null ? PERMITTED : hop.plan());
      WirePlan previous = exchanges.get(exchange);
      if (hop.plan() != null) {
        exchanges.put(exchange, hop.plan());
      } else if (previous != null) {
        exchanges.remove(exchange);
      }
      // the hop this one follows (a redirect) has its response: its leases are done
      if (previous != null && previous != hop.plan()) {
        previous.release();
      }
      return null;
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("cannot read this HttpAsyncClient request: " + e, e);
    }
  }

  /**
   * A pipelining exchange requests a connection: the first time, every request its producers will
   * give is decided (each one, so each gets its record); the first denial, if any, is returned.
   */
  private Object pipeline(Object exchange) throws ReflectiveOperationException {
    if (pipelines.get(exchange) != null) {
      return null;
    }
    List<WirePlan> plans = new ArrayList<>();
    pipelines.put(exchange, plans);
    Object host = Members.call(Members.call(exchange, "getRoute"), "getTargetHost");
    Exception denial = null;
    for (Object producer : (Iterable<?>) Members.field(exchange, "requestProducerQueue")) {
      Object request = Members.call(producer, "generateRequest");
      HttpGate.Hop hop = decide(request, host, URI.create((String) Members.call(
          Members.call(request, "getRequestLine"), "getUri")));
      if (!hop.allowed()) {
        denial = denial == null ? hop.verdict().ioDenial(hop.target()) : denial;
        continue;
      }
      requests.put(request, hop.plan() == null ? PERMITTED : hop.plan());
      if (hop.plan() != null) {
        plans.add(hop.plan());
      }
    }
    return denial == null ? null : failFuture(exchange, denial);
  }

  /**
   * Gives the denial to the exchange's {@code Future} (and so its callback) directly: before 4.1.5 the
   * pipelining exchange's {@code failed()} never completes it (upstream, for any failure), and the minimal
   * exchange's never does. The exchange's own {@code failed()} then finds the future done.
   */
  private static Exception failFuture(Object exchange, Exception denial) throws ReflectiveOperationException {
    Members.call(Members.field(exchange, "resultFuture"), "failed", denial);
    return denial;
  }

  /**
   * A pipelining exchange wrapped the next request for the connection: the wrapper gets the plan its
   * original was decided with; a request no producer gave before (a producer making a new one each
   * time) is decided now.
   */
  private Object generated(Object exchange, Object wrapper) throws ReflectiveOperationException {
    if (requests.get(wrapper) != null) {
      return null;
    }
    Object decided = requests.get(Members.call(wrapper, "getOriginal"));
    if (decided == null) {
      HttpGate.Hop hop = decide(wrapper, Members.call(Members.call(exchange, "getRoute"), "getTargetHost"),
          (URI) Members.call(wrapper, "getURI"));
      if (!hop.allowed()) {
        return failFuture(exchange, hop.verdict().ioDenial(hop.target()));
      }
      decided = hop.plan() == null ? PERMITTED : hop.plan();
      if (hop.plan() != null) {
        pipelines.computeIfAbsent(exchange, ArrayList::new).add(hop.plan());
      }
    }
    requests.put(wrapper, decided);
    return null;
  }

  /** An exchange was released (completed, failed or cancelled): its last hop's leases end. */
  @Override
  public void exit(Object exchange) {
    List<WirePlan> plans = pipelines.remove(exchange);
    if (plans != null) {
      plans.forEach(WirePlan::release);
    }
    WirePlan plan = exchanges.remove(exchange);
    if (plan != null) {
      plan.release();
    }
  }

  @Override
  public Throwable next(Object request) {
    return null;
  }

  private HttpGate.Hop decide(Object wrapper, Object route) throws ReflectiveOperationException {
    return decide(wrapper, Members.call(route, "getTargetHost"), (URI) Members.call(wrapper, "getURI"));
  }

  private HttpGate.Hop decide(Object wrapper, Object host, URI uri) throws ReflectiveOperationException {
    List<String> visible = new ArrayList<>();
    for (Object h : (Object[]) Members.call(wrapper, "getAllHeaders")) {
      visible.add((String) Members.call(h, "getValue"));
    }
    if (uri.getRawQuery() != null) {
      visible.add(uri.getRawQuery());
    }
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    return gate.decide(ADAPTER, (String) Members.call(host, "getSchemeName"), (String) Members.call(host, "getHostName"),
        (Integer) Members.call(host, "getPort"), (String) Members.call(wrapper, "getMethod"), path,
        uri.getRawQuery(), visible);
  }

  @Override
  public Object wire(Object message) {
    Object decided = requests.get(message);
    if (!(decided instanceof WirePlan)) {
      return message;
    }
    try {
      return ApacheHttpClientHandler.copy4(message, (WirePlan) decided);
    } catch (ReflectiveOperationException e) {
      // without a copy nothing real is written: the head keeps its placeholders
      return message;
    }
  }
}
