package dev.faramesh.agent.http.urlconnection;

import dev.faramesh.agent.http.HttpGate;
import dev.faramesh.agent.http.WeakIdentityMap;
import dev.faramesh.agent.http.WirePlan;
import java.net.HttpURLConnection;
import java.net.URL;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The agent side of the {@code HttpURLConnection} interception. Each hop (the first connect and
 * every redirect) is decided once and remembered on the connection with the URL it was decided
 * for; the JDK's own reconnect after a redirect finds that and is not decided twice. While a
 * connection writes its request head the handler knows which connection is writing and replaces
 * placeholders in a copy of the head just before it reaches the socket.
 */
public final class UrlConnectionHandler {

  static final String ADAPTER = "urlconnection";

  private final HttpGate gate;
  private volatile MessageHeaders heads;
  private final WeakIdentityMap<Object, HopState> hops = new WeakIdentityMap<>();
  private final ThreadLocal<ArrayDeque<Object>> writing = ThreadLocal.withInitial(ArrayDeque::new);

  private record HopState(URL url, WirePlan plan) {}

  public UrlConnectionHandler(HttpGate gate) {
    this.gate = gate;
  }

  /** The JDK-internal head accessors, set up on first use so start-up does not pay for them. */
  private MessageHeaders heads() {
    MessageHeaders h = heads;
    if (h == null) {
      try {
        h = new MessageHeaders();
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot reach the HttpURLConnection internals of this JDK: " + e, e);
      }
      heads = h;
    }
    return h;
  }

  /** {@code plainConnect0}: decide the hop unless this URL's hop was already decided. */
  public Throwable connect(Object connection) {
    if (!(connection instanceof HttpURLConnection)) {
      return null;
    }
    HttpURLConnection c = (HttpURLConnection) connection;
    URL url = c.getURL();
    HopState state = hops.get(connection);
    if (state != null && (state.url == url || state.url.toExternalForm().equals(url.toExternalForm()))) {
      return null;
    }
    return decide(connection, url, c.getRequestMethod());
  }

  /** {@code followRedirect0}: decide the redirect target with the method the JDK will use. */
  public Throwable redirect(Object connection, int status, URL location) {
    if (!(connection instanceof HttpURLConnection) || location == null) {
      return null;
    }
    String method = ((HttpURLConnection) connection).getRequestMethod();
    // The JDK turns a redirected POST into a GET unless the status is 307 or strict mode is on.
    if ("POST".equals(method) && status != 307 && !Boolean.getBoolean("http.strictPostRedirect")) {
      method = "GET";
    }
    return decide(connection, location, method);
  }

  private Throwable decide(Object connection, URL url, String method) {
    MessageHeaders heads = heads();
    List<String> visible = heads.texts(heads.requestsOf(connection));
    if (url.getQuery() != null) {
      visible.add(url.getQuery());
    }
    int port = url.getPort() > 0 ? url.getPort() : url.getDefaultPort();
    HttpGate.Hop hop = gate.decide(ADAPTER, url.getProtocol(), url.getHost(), port, method, url.getPath(),
        url.getQuery(), visible);
    // a new hop of this connection (a redirect): the previous hop's response is in, its leases are done
    HopState before = hops.get(connection);
    if (before != null && before.plan != null && before.plan != hop.plan()) {
      before.plan.release();
    }
    if (!hop.allowed()) {
      return hop.verdict().ioDenial(hop.target());
    }
    hops.put(connection, new HopState(url, hop.plan()));
    return null;
  }

  /**
   * The connection's exchange is over: its response arrived ({@code getInputStream0} returned,
   * after any redirects) or it failed. Ends the leases of its hop; the connection itself is left
   * as the JDK keeps it (a hop that sends again takes a new lease, ended by the next call here).
   */
  public void done(Object connection) {
    HopState state = hops.get(connection);
    if (state != null && state.plan != null) {
      state.plan.release();
    }
  }

  /** The connection's own {@code writeRequests()} starts or ends on this thread. */
  public void writing(Object connection, boolean begin) {
    ArrayDeque<Object> stack = writing.get();
    if (begin) {
      stack.push(connection);
    } else if (!stack.isEmpty()) {
      stack.pop();
    }
  }

  /** The head about to be written to the socket by the connection that is writing. */
  public Object wireHeaders(Object head) {
    ArrayDeque<Object> stack = writing.get();
    if (head == null || stack.isEmpty()) {
      return head;
    }
    HopState state = hops.get(stack.peek());
    if (state == null || state.plan == null) {
      return head;
    }
    WirePlan plan = state.plan;
    return heads().rewrite(head, plan::target, plan::header);
  }
}
