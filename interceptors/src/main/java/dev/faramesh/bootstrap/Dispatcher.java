package dev.faramesh.bootstrap;

import java.net.URL;
import java.util.Map;

/**
 * What the agent does at each interception point. The agent implements it in its own isolated
 * class loader and hands it to {@link Faramesh#install}; the inlined advice in JDK classes reaches
 * it only through the static methods of {@link Faramesh}, which also run the recursion guard. The
 * signatures use JDK types from {@code java.base} or {@code Object} only, because this interface
 * lives in the bootstrap loader, which cannot see {@code java.net.http} or any agent type.
 *
 * <p>Methods returning a {@code Throwable} return {@code null} to let the call proceed and a
 * denial exception ({@link FarameshDeniedIOException} or {@link FarameshDeniedException}) to stop
 * it before anything leaves the process. Implementations must not throw.
 */
public interface Dispatcher {

  /** The value {@code System.getenv(name)} returns to the application. */
  String getenv(String name, String value);

  /** The map {@code System.getenv()} returns to the application. */
  Map<String, String> getenvAll(Map<String, String> environment);

  /**
   * Rewrites the map {@code ProcessBuilder.environment()} returns, which the JDK fills from the
   * real process environment without going through {@code System.getenv}.
   */
  void processEnvironment(Map<String, String> environment);

  /** Decides a child process launch and rewrites its environment; a denial stops the launch. */
  Throwable processStart(ProcessBuilder builder);

  /**
   * First hop of a {@code java.net.http.HttpClient} call, on the caller's thread;
   * {@code fromAgent} when the agent itself sends it (it is then never decided or rewritten).
   */
  Throwable httpClientSend(Object userRequest, boolean fromAgent);

  /**
   * Every hop of an {@code HttpClient} exchange, before its request filters run: the first hop
   * ({@code previous == null}) and each redirect.
   */
  Throwable httpClientHop(Object userRequest, Object previous, Object request);

  /** The headers an {@code HttpClient} request puts on the wire (HTTP/1.1 and HTTP/2). */
  Object httpClientWireHeaders(Object request, Object headers);

  /** The HTTP/1.1 request target ({@code /path?query} or an absolute URI through a proxy). */
  String httpClientRequestTarget(Object request, String target);

  /** The HTTP/2 pseudo-headers, whose {@code :path} carries the query string. */
  Object httpClientPseudoHeaders(Object request, Object headers);

  /** An {@code HttpURLConnection} is about to open its connection. */
  Throwable urlConnectionConnect(Object connection);

  /** An {@code HttpURLConnection} is about to follow a redirect with status {@code status}. */
  Throwable urlConnectionRedirect(Object connection, int status, URL location);

  /** An {@code HttpURLConnection} starts ({@code begin}) or ends writing its request head. */
  void urlConnectionWriting(Object connection, boolean begin);

  /** The request head an {@code HttpURLConnection} writes to the socket. */
  Object urlConnectionWireHeaders(Object messageHeader);

  /**
   * A framework tool call is about to run ({@code hook} names the interception point, e.g.
   * {@code langchain4j.execute}; {@code target} is the executor, callback or client, the arguments
   * those of the intercepted method). Called for the outermost intercepted frame only. Returns
   * {@code null} to let the call run with nothing to release afterwards, a {@link ToolCallRefusal}
   * to refuse it, or a handle that is passed to {@link #toolCallEnd} when the call returns.
   */
  default Object toolCall(String hook, Object target, Object arg0, Object arg1) {
    return null;
  }

  /** The permitted tool call that {@code handle} was returned for has returned or thrown. */
  default void toolCallEnd(Object handle) {
  }

  /**
   * An HTTP client library (OkHttp, Apache HttpClient) starts a hop with {@code request};
   * {@code context} is what else the library knows at that point (a route, a scope). Returns
   * {@code null} when the hop is not governed here, the denial to throw, or a frame handle that
   * is passed to {@link #httpHopExit}; while the frame is open, the thread's requests reaching the
   * wire are rewritten by {@link #httpWireRequest}.
   */
  default Object httpHopEnter(String library, Object request, Object context) {
    return null;
  }

  /** The hop frame {@code frame} ends. */
  default void httpHopExit(Object frame) {
  }

  /** The library follows a redirect (or auth challenge) of the current hop with {@code request}. */
  default Throwable httpHopNext(String library, Object request) {
    return null;
  }

  /** The request as it is written to the socket: the same object, or a copy with credentials. */
  default Object httpWireRequest(String library, Object request) {
    return request;
  }

  /**
   * An async HTTP client library hands {@code exchangeHandler} to a connection: returns the handler
   * to run instead (one that has each request it produces decided before it is written, when
   * {@code decides}, and ends the leases of its hop when the exchange is over), or the same object.
   */
  default Object httpAsyncExchange(String library, Object exchangeHandler, boolean decides) {
    return exchangeHandler;
  }

  /**
   * First hop of a {@code java.net.http.HttpClient} call, like {@link #httpClientSend}: returns the
   * denial, {@code null}, or a handle passed to {@link #httpClientExchangeEnd} once the call's
   * future completes (the call holds credential leases to end then).
   */
  default Object httpClientExchange(Object userRequest, boolean fromAgent) {
    return httpClientSend(userRequest, fromAgent);
  }

  /** The {@code HttpClient} call {@code handle} was returned for is over (response or failure). */
  default void httpClientExchangeEnd(Object handle) {
  }

  /**
   * An {@code HttpURLConnection}'s exchange is over: its response arrived or it failed. The leases
   * its hop holds can end.
   */
  default void urlConnectionDone(Object connection) {
  }
}
