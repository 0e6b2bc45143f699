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
 * decided when it requests its connection.
 */
public final class ApacheAsync4ClientHandler implements HttpLibrary {

  static final String ADAPTER = "apache-httpasyncclient4";
  private static final String MINIMAL_EXCHANGE = "org.apache.http.impl.nio.client.MinimalClientExchangeHandlerImpl";

  /** A permitted hop with nothing to substitute. */
  private static final Object PERMITTED = new Object();

  private final HttpGate gate;
  private final WeakIdentityMap<Object, Object> requests = new WeakIdentityMap<>();
  private final WeakIdentityMap<Object, WirePlan> exchanges = new WeakIdentityMap<>();

  public ApacheAsync4ClientHandler(HttpGate gate) {
    this.gate = gate;
  }

  /** {@code exchange} made a new current request, maybe: decides it; the denial or {@code null}. */
  @Override
  public Object enter(Object exchange, Object unused) {
    try {
      Object request = Members.call(exchange, "getCurrentRequest");
      if (request == null || requests.get(request) != null) {
        return null;
      }
      HttpGate.Hop hop = decide(request, Members.call(exchange, "getRoute"));
      if (!hop.allowed()) {
        Exception denial = hop.verdict().ioDenial(hop.target());
        if (exchange.getClass().getName().equals(MINIMAL_EXCHANGE)) {
          // the minimal client's failed() fails only its producer and consumer, never the Future (upstream, for
          // any failure: a refused connection leaves it pending too): the denial is given to the Future here
          Members.call(Members.field(exchange, "resultFuture"), "failed", denial);
        }
        return denial;
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

  /** An exchange was released (completed, failed or cancelled): its last hop's leases end. */
  @Override
  public void exit(Object exchange) {
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
    Object host = Members.call(route, "getTargetHost");
    URI uri = (URI) Members.call(wrapper, "getURI");
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
