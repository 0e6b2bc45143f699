package dev.faramesh.agent.http.apache;

import dev.faramesh.agent.http.HopFrames;
import dev.faramesh.agent.http.HttpGate;
import dev.faramesh.agent.http.HttpLibrary;
import dev.faramesh.agent.http.WirePlan;
import dev.faramesh.agent.reflect.Members;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Apache HttpClient 4.3+ ({@code org.apache.http}) and 5 classic ({@code org.apache.hc}). A hop is
 * decided at the first execution stage it reaches (retry, else protocol); the stage below gets the
 * same request object and opens a frame without a second decision, and so does every retry of
 * it. Redirects reach the retry stage again with a new request and are decided anew. The
 * connection writes the head from a copy ({@code BasicHttpRequest} / {@code BasicClassicHttpRequest})
 * whose request line and headers carry the real values for the hop's host only.
 */
public final class ApacheHttpClientHandler implements HttpLibrary {

  private final HttpGate gate;
  private final boolean v5;
  private final HopFrames frames = new HopFrames();

  private ApacheHttpClientHandler(HttpGate gate, boolean v5) {
    this.gate = gate;
    this.v5 = v5;
  }

  public static ApacheHttpClientHandler version4(HttpGate gate) {
    return new ApacheHttpClientHandler(gate, false);
  }

  public static ApacheHttpClientHandler version5(HttpGate gate) {
    return new ApacheHttpClientHandler(gate, true);
  }

  private String adapter() {
    return v5 ? "apache-httpclient5" : "apache-httpclient4";
  }

  @Override
  public Object enter(Object request, Object routeOrScope) {
    HopFrames.Frame top = frames.top();
    if (top != null && top.request() == request) {
      return frames.push(request, top.plan());
    }
    try {
      HttpGate.Hop hop = v5 ? decide5(request, routeOrScope) : decide4(request, routeOrScope);
      if (!hop.allowed()) {
        return hop.verdict().ioDenial(hop.target());
      }
      return frames.push(request, hop.plan());
    } catch (ReflectiveOperationException | java.net.URISyntaxException e) {
      throw new IllegalStateException("cannot read this HttpClient request: " + e, e);
    }
  }

  @Override
  public void exit(Object frame) {
    if (frame instanceof HopFrames.Frame) {
      frames.pop((HopFrames.Frame) frame);
    }
  }

  @Override
  public Throwable next(Object request) {
    return null;
  }

  private HttpGate.Hop decide4(Object wrapper, Object route) throws ReflectiveOperationException {
    Object host = Members.call(route, "getTargetHost");
    URI uri = (URI) Members.call(wrapper, "getURI");
    return gate.decide(adapter(), (String) Members.call(host, "getSchemeName"), (String) Members.call(host, "getHostName"),
        (Integer) Members.call(host, "getPort"), (String) Members.call(wrapper, "getMethod"), path(uri),
        uri.getRawQuery(), visible(Members.call(wrapper, "getAllHeaders"), uri));
  }

  private HttpGate.Hop decide5(Object request, Object scope) throws ReflectiveOperationException,
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
    return gate.decide(adapter(), scheme, host, port, (String) Members.call(request, "getMethod"), path(uri),
        uri.getRawQuery(), visible(Members.call(request, "getHeaders"), uri));
  }

  private static String path(URI uri) {
    return uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
  }

  private static List<String> visible(Object headers, URI uri) throws ReflectiveOperationException {
    List<String> out = new ArrayList<>();
    for (Object h : (Object[]) headers) {
      out.add((String) Members.call(h, "getValue"));
    }
    if (uri.getRawQuery() != null) {
      out.add(uri.getRawQuery());
    }
    return out;
  }

  @Override
  public Object wire(Object request) {
    HopFrames.Frame top = frames.top();
    WirePlan plan = top == null ? null : top.plan();
    if (plan == null) {
      return request;
    }
    try {
      return v5 ? copy5(request, plan) : copy4(request, plan);
    } catch (ReflectiveOperationException e) {
      // without a copy nothing real is written: the head keeps its placeholders
      return request;
    }
  }

  /**
   * An HttpCore 4 request head ({@code BasicHttpRequest}) like {@code request}, with the request
   * line and headers carrying {@code plan}'s real values; {@code request} itself when nothing changes.
   * Also used for HttpAsyncClient 4, whose connection writes the same kind of request.
   */
  public static Object copy4(Object request, WirePlan plan) throws ReflectiveOperationException {
    Object line = Members.call(request, "getRequestLine");
    String uri = (String) Members.call(line, "getUri");
    String newUri = plan.target(uri);
    Object[] headers = (Object[]) Members.call(request, "getAllHeaders");
    String[] values = replaced(headers, plan);
    if (values == null && newUri.equals(uri)) {
      return request;
    }
    Class<?> lineType = Members.type(request, "org.apache.http.message.BasicRequestLine");
    Class<?> version = Members.type(request, "org.apache.http.ProtocolVersion");
    Object newLine = lineType.getConstructor(String.class, String.class, version)
        .newInstance(Members.call(line, "getMethod"), newUri, Members.call(line, "getProtocolVersion"));
    Class<?> requestType = Members.type(request, "org.apache.http.message.BasicHttpRequest");
    Object copy = requestType.getConstructor(Members.type(request, "org.apache.http.RequestLine")).newInstance(newLine);
    Class<?> headerType = Members.type(request, "org.apache.http.message.BasicHeader");
    for (int i = 0; i < headers.length; i++) {
      String name = (String) Members.call(headers[i], "getName");
      String value = values != null ? values[i] : (String) Members.call(headers[i], "getValue");
      Members.call(copy, "addHeader", headerType.getConstructor(String.class, String.class).newInstance(name, value));
    }
    return copy;
  }

  private static Object copy5(Object request, WirePlan plan) throws ReflectiveOperationException {
    String uri = (String) Members.call(request, "getRequestUri");
    String newUri = plan.target(uri);
    Object[] headers = (Object[]) Members.call(request, "getHeaders");
    String[] values = replaced(headers, plan);
    if (values == null && newUri.equals(uri)) {
      return request;
    }
    Class<?> requestType = Members.type(request, "org.apache.hc.core5.http.message.BasicClassicHttpRequest");
    Object copy = requestType.getConstructor(String.class, String.class)
        .newInstance(Members.call(request, "getMethod"), newUri);
    Object version = Members.call(request, "getVersion");
    if (version != null) {
      Members.call(copy, "setVersion", version);
    }
    for (int i = 0; i < headers.length; i++) {
      String name = (String) Members.call(headers[i], "getName");
      String value = values != null ? values[i] : (String) Members.call(headers[i], "getValue");
      Members.call(copy, "addHeader", name, value);
    }
    return copy;
  }

  /** The header values with placeholders replaced, or {@code null} when none changed. */
  private static String[] replaced(Object[] headers, WirePlan plan) throws ReflectiveOperationException {
    String[] out = new String[headers.length];
    boolean changed = false;
    for (int i = 0; i < headers.length; i++) {
      String v = (String) Members.call(headers[i], "getValue");
      out[i] = plan.header(v);
      changed |= !out[i].equals(v);
    }
    return changed ? out : null;
  }
}
