package dev.faramesh.agent.http.apacheasync;

import dev.faramesh.agent.http.HttpGate;
import dev.faramesh.agent.http.HttpLibrary;
import dev.faramesh.agent.http.WeakIdentityMap;
import dev.faramesh.agent.http.WirePlan;
import dev.faramesh.agent.reflect.Members;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Apache HttpClient 5 async ({@code org.apache.hc.client5.http.impl.async}). Its exchange does not
 * stay on one thread: the hop passes {@code AsyncProtocolExec.execute} on the calling thread (a
 * redirect on an I/O reactor thread), the connection is leased asynchronously and the head is
 * written on a reactor thread. So what was decided is kept with the library's objects instead of
 * on a thread: per {@code AsyncExecChain.Scope} (one per hop; a redirect gets a new one, a retry
 * and an authentication round reuse it, so they are not decided again) the verdict's plan, and
 * per request object that leaves the protocol stage the plan its head is written with. The HTTP/1.1
 * writer and the HTTP/2 converter get a copy ({@code BasicHttpRequest}) whose path and headers carry
 * the real values for the hop's host only; any other message is written as it is, with placeholders.
 *
 * <p>The minimal clients ({@code MinimalHttpAsyncClient}, {@code MinimalH2AsyncClient}) have no
 * execution chain: their exchange handler runs as a {@link GovernedExchange}, whose request
 * channel decides each request not decided yet as it is sent (adapter
 * {@code apache-httpclient5-minimal}), before a connection is leased, or, on an endpoint the
 * application leased itself, before the head is written. Every exchange, the exec chain's too, ends
 * its hop's credential leases when it is over.
 */
public final class ApacheAsyncClientHandler implements HttpLibrary {

  static final String ADAPTER = "apache-httpclient5-async";
  /** The minimal clients' requests, decided as they are sent rather than in the execution chain. */
  static final String MINIMAL = "apache-httpclient5-minimal";

  /** A permitted hop with nothing to substitute. */
  private static final Object PERMITTED = new Object();

  private final HttpGate gate;
  private final WeakIdentityMap<Object, Object> hops = new WeakIdentityMap<>();
  /** Each decided request object: its plan, or {@link #PERMITTED}. */
  private final WeakIdentityMap<Object, Object> requests = new WeakIdentityMap<>();

  public ApacheAsyncClientHandler(HttpGate gate) {
    this.gate = gate;
  }

  @Override
  public Object enter(Object request, Object scope) {
    if (scope instanceof GovernedExchange) {
      return sent(request, (GovernedExchange) scope);
    }
    Object decided = scope == null ? null : hops.get(scope);
    if (decided == null) {
      HttpGate.Hop hop;
      try {
        hop = decide(ADAPTER, request, scope);
      } catch (ReflectiveOperationException | java.net.URISyntaxException e) {
        throw new IllegalStateException("cannot read this HttpClient request: " + e, e);
      }
      if (!hop.allowed()) {
        return hop.verdict().ioDenial(hop.target());
      }
      decided = hop.plan() == null ? PERMITTED : hop.plan();
      if (scope != null) {
        hops.put(scope, decided);
      }
    }
    requests.put(request, decided);
    // nothing stays open on this thread: the exchange goes on elsewhere
    return null;
  }

  /**
   * {@code request} is sent through the request channel of {@code exchange}: the plan it was
   * decided with; when it was not decided yet (a minimal client's request, or one sent on a leased
   * endpoint) and the exchange decides, it is decided now (the denial is returned); otherwise
   * {@code null}.
   */
  private Object sent(Object request, GovernedExchange exchange) {
    Object decided = requests.get(request);
    if (decided == null && exchange.decides()) {
      HttpGate.Hop hop;
      try {
        hop = decide(MINIMAL, request, null);
      } catch (ReflectiveOperationException | java.net.URISyntaxException e) {
        throw new IllegalStateException("cannot read this HttpClient request: " + e, e);
      }
      if (!hop.allowed()) {
        return hop.verdict().ioDenial(hop.target());
      }
      decided = hop.plan() == null ? PERMITTED : hop.plan();
      requests.put(request, decided);
    }
    return decided instanceof WirePlan ? decided : null;
  }

  /** An exchange's hop is over: the leases its plan holds end. */
  @Override
  public void exit(Object frame) {
    if (frame instanceof WirePlan) {
      ((WirePlan) frame).release();
    }
  }

  @Override
  public Object exchange(Object exchangeHandler, boolean decides) {
    try {
      return GovernedExchange.around(exchangeHandler, decides);
    } catch (ClassNotFoundException e) {
      return exchangeHandler;
    }
  }

  @Override
  public Throwable next(Object request) {
    return null;
  }

  private HttpGate.Hop decide(String adapter, Object request, Object scope) throws ReflectiveOperationException,
      java.net.URISyntaxException {
    URI uri = (URI) Members.call(request, "getUri");
    String scheme = uri.getScheme();
    String host = uri.getHost();
    int port = uri.getPort();
    if (host == null && scope != null) {
      // a request written with a path only: the route names the target
      Object target = Members.call(Members.field(scope, "route"), "getTargetHost");
      scheme = (String) Members.call(target, "getSchemeName");
      host = (String) Members.call(target, "getHostName");
      port = (Integer) Members.call(target, "getPort");
    }
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    List<String> visible = new ArrayList<>();
    for (Object h : (Object[]) Members.call(request, "getHeaders")) {
      visible.add((String) Members.call(h, "getValue"));
    }
    if (uri.getRawQuery() != null) {
      visible.add(uri.getRawQuery());
    }
    return gate.decide(adapter, scheme, host, port, (String) Members.call(request, "getMethod"), path,
        uri.getRawQuery(), visible);
  }

  /** Scopes and requests currently remembered (for tests). */
  int remembered() {
    return hops.size() + requests.size();
  }

  @Override
  public Object wire(Object message) {
    Object decided = requests.get(message);
    if (!(decided instanceof WirePlan)) {
      return message;
    }
    WirePlan plan = (WirePlan) decided;
    try {
      return copy(message, plan);
    } catch (ReflectiveOperationException e) {
      // without a copy nothing real is written: the head keeps its placeholders
      return message;
    }
  }

  private static Object copy(Object request, WirePlan plan) throws ReflectiveOperationException {
    String path = (String) Members.call(request, "getPath");
    String newPath = path == null ? null : plan.target(path);
    Object[] headers = (Object[]) Members.call(request, "getHeaders");
    String[] values = new String[headers.length];
    boolean changed = !Objects.equals(path, newPath);
    for (int i = 0; i < headers.length; i++) {
      String v = (String) Members.call(headers[i], "getValue");
      values[i] = v == null ? null : plan.header(v);
      changed |= !Objects.equals(values[i], v);
    }
    if (!changed) {
      return request;
    }
    Class<?> requestType = Members.type(request, "org.apache.hc.core5.http.message.BasicHttpRequest");
    Class<?> authorityType = Members.type(request, "org.apache.hc.core5.net.URIAuthority");
    Object copy = requestType.getConstructor(String.class, String.class, authorityType, String.class)
        .newInstance(Members.call(request, "getMethod"), Members.call(request, "getScheme"),
            Members.call(request, "getAuthority"), newPath);
    Object version = Members.call(request, "getVersion");
    if (version != null) {
      Members.call(copy, "setVersion", version);
    }
    for (int i = 0; i < headers.length; i++) {
      Members.call(copy, "addHeader", Members.call(headers[i], "getName"), values[i]);
    }
    return copy;
  }
}
