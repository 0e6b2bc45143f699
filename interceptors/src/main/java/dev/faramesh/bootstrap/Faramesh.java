package dev.faramesh.bootstrap;

import java.net.URL;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The bridge between inlined advice and the agent. Advice in JDK classes calls these static
 * methods and nothing else; each one runs the recursion guard and forwards to the
 * {@link Dispatcher} the agent installed. Before installation every call passes through (premain
 * installs the dispatcher before the application's {@code main} runs). When the dispatcher fails
 * unexpectedly the bridge fails closed: a hidden variable, a denied call, unchanged placeholders.
 *
 * <p>Loaded by the bootstrap loader from the root of {@code faramesh.jar}; it uses JDK types only,
 * no lambdas and no logging, because it may run while {@code java.base} is still initialising.
 */
public final class Faramesh {

  private static volatile Dispatcher dispatcher;
  private static volatile Object key;

  private Faramesh() {}

  /**
   * Installs the dispatcher, once per JVM. Returns the key that the agent alone holds and that
   * {@link #enterAgent} requires, so application code cannot switch interception off.
   */
  public static synchronized Object install(Dispatcher d) {
    if (d == null) {
      throw new IllegalArgumentException("dispatcher");
    }
    if (dispatcher != null) {
      throw new IllegalStateException("faramesh is already installed in this JVM");
    }
    Object k = new Object();
    key = k;
    dispatcher = d;
    return k;
  }

  public static boolean installed() {
    return dispatcher != null;
  }

  /**
   * Marks the current thread as running agent code until {@link #exitAgent}; returns whether it
   * was newly marked (only then call {@code exitAgent}).
   */
  public static boolean enterAgent(Object agentKey) {
    checkKey(agentKey);
    return CallGuard.enter();
  }

  public static void exitAgent(Object agentKey) {
    checkKey(agentKey);
    CallGuard.exit();
  }

  /** Whether the current thread is running agent code (interception is off on it). */
  public static boolean insideAgent() {
    return CallGuard.inside();
  }

  private static void checkKey(Object agentKey) {
    if (agentKey == null || agentKey != key) {
      throw new SecurityException("not the faramesh agent");
    }
  }

  // ---- System.getenv ------------------------------------------------------------------------

  public static String getenv(String name, String value) {
    Dispatcher d = dispatcher;
    if (d == null || !CallGuard.enter()) {
      return value;
    }
    try {
      return d.getenv(name, value);
    } catch (Throwable t) {
      return null;
    } finally {
      CallGuard.exit();
    }
  }

  public static Map<String, String> getenvAll(Map<String, String> environment) {
    Dispatcher d = dispatcher;
    if (d == null || !CallGuard.enter()) {
      return environment;
    }
    try {
      return d.getenvAll(environment);
    } catch (Throwable t) {
      return Collections.<String, String>emptyMap();
    } finally {
      CallGuard.exit();
    }
  }

  // ---- child processes ----------------------------------------------------------------------

  public static void processEnvironment(Map<String, String> environment) {
    Dispatcher d = dispatcher;
    if (d == null || environment == null || !CallGuard.enter()) {
      return;
    }
    try {
      d.processEnvironment(environment);
    } catch (Throwable t) {
      environment.clear();
    } finally {
      CallGuard.exit();
    }
  }

  public static Throwable processStart(ProcessBuilder builder) {
    Dispatcher d = dispatcher;
    if (d == null || !CallGuard.enter()) {
      return null;
    }
    try {
      return d.processStart(builder);
    } catch (Throwable t) {
      return internalDenial("process/exec");
    } finally {
      CallGuard.exit();
    }
  }

  // ---- java.net.http.HttpClient -------------------------------------------------------------

  public static Throwable httpClientSend(Object userRequest) {
    Dispatcher d = dispatcher;
    if (d == null) {
      return null;
    }
    // Inside the agent the call still goes to the dispatcher, which marks the request as the
    // agent's own: its later hops run on the client's threads, where the guard is not set.
    boolean entered = CallGuard.enter();
    try {
      return d.httpClientSend(userRequest, !entered);
    } catch (Throwable t) {
      return internalDenial("http");
    } finally {
      if (entered) {
        CallGuard.exit();
      }
    }
  }

  public static Throwable httpClientHop(Object userRequest, Object previous, Object request) {
    Dispatcher d = dispatcher;
    if (d == null || !CallGuard.enter()) {
      return null;
    }
    try {
      return d.httpClientHop(userRequest, previous, request);
    } catch (Throwable t) {
      return internalDenial("http");
    } finally {
      CallGuard.exit();
    }
  }

  public static Object httpClientWireHeaders(Object request, Object headers) {
    Dispatcher d = dispatcher;
    if (d == null || !CallGuard.enter()) {
      return headers;
    }
    try {
      return d.httpClientWireHeaders(request, headers);
    } catch (Throwable t) {
      return headers;
    } finally {
      CallGuard.exit();
    }
  }

  public static String httpClientRequestTarget(Object request, String target) {
    Dispatcher d = dispatcher;
    if (d == null || !CallGuard.enter()) {
      return target;
    }
    try {
      return d.httpClientRequestTarget(request, target);
    } catch (Throwable t) {
      return target;
    } finally {
      CallGuard.exit();
    }
  }

  public static Object httpClientPseudoHeaders(Object request, Object headers) {
    Dispatcher d = dispatcher;
    if (d == null || !CallGuard.enter()) {
      return headers;
    }
    try {
      return d.httpClientPseudoHeaders(request, headers);
    } catch (Throwable t) {
      return headers;
    } finally {
      CallGuard.exit();
    }
  }

  /** The future a denied {@code sendAsync} returns. */
  public static Object deniedFuture(Throwable denial) {
    return CompletableFuture.failedFuture(denial);
  }

  /**
   * {@code HttpClient.send} re-wraps the failure of its future in a plain {@code IOException};
   * this hands the application the denial itself.
   */
  public static Throwable unwrapDenial(Throwable thrown) {
    if (thrown == null || thrown instanceof Denial) {
      return thrown;
    }
    Throwable cause = thrown.getCause();
    return cause instanceof Denial ? cause : thrown;
  }

  // ---- HttpURLConnection --------------------------------------------------------------------

  public static Throwable urlConnectionConnect(Object connection) {
    Dispatcher d = dispatcher;
    if (d == null || !CallGuard.enter()) {
      return null;
    }
    try {
      return d.urlConnectionConnect(connection);
    } catch (Throwable t) {
      return internalDenial("http");
    } finally {
      CallGuard.exit();
    }
  }

  public static Throwable urlConnectionRedirect(Object connection, int status, URL location) {
    Dispatcher d = dispatcher;
    if (d == null || !CallGuard.enter()) {
      return null;
    }
    try {
      return d.urlConnectionRedirect(connection, status, location);
    } catch (Throwable t) {
      return internalDenial("http");
    } finally {
      CallGuard.exit();
    }
  }

  public static void urlConnectionWriting(Object connection, boolean begin) {
    Dispatcher d = dispatcher;
    if (d == null || !CallGuard.enter()) {
      return;
    }
    try {
      d.urlConnectionWriting(connection, begin);
    } catch (Throwable ignored) {
      // nothing to undo: without a current connection no placeholder is replaced
    } finally {
      CallGuard.exit();
    }
  }

  public static Object urlConnectionWireHeaders(Object messageHeader) {
    Dispatcher d = dispatcher;
    if (d == null || !CallGuard.enter()) {
      return messageHeader;
    }
    try {
      return d.urlConnectionWireHeaders(messageHeader);
    } catch (Throwable t) {
      return messageHeader;
    } finally {
      CallGuard.exit();
    }
  }

  // ---- framework tool calls ----------------------------------------------------------------

  /**
   * Enter advice of a tool-call method. Returns {@code null} when the call is not governed (no
   * agent yet, or the agent's own call), a {@link ToolCallRefusal} when it is refused (the advice
   * skips the method and hands the refusal to {@link #toolCallExit} and {@link #toolCallThrown}),
   * or a {@link ToolCallScope}. Only the outermost frame on the thread is decided; an unexpected
   * failure of the agent refuses the call.
   */
  public static Object toolCallEnter(String hook, Object target, Object arg0, Object arg1) {
    Dispatcher d = dispatcher;
    if (d == null || CallGuard.inside()) {
      return null;
    }
    if (!ToolDepth.enter()) {
      return ToolCallScope.NESTED;
    }
    Object outcome;
    CallGuard.enter();
    try {
      outcome = d.toolCall(hook, target, arg0, arg1);
    } catch (Throwable t) {
      outcome = ToolCallRefusal.throwing(new FarameshDeniedException(hook, "", "", "", "INTERNAL_ERROR",
          "the faramesh agent failed while deciding this tool call"));
    } finally {
      CallGuard.exit();
    }
    if (outcome instanceof ToolCallRefusal) {
      ToolDepth.exit();
      return outcome;
    }
    return new ToolCallScope(outcome, true);
  }

  /**
   * Exit advice of a tool-call method: what the method returns. A refused call returns the
   * refusal's value; a permitted call's frame is closed (its credential lease ends here).
   */
  public static Object toolCallExit(Object state, Object returned) {
    if (state instanceof ToolCallRefusal) {
      return ((ToolCallRefusal) state).value();
    }
    if (state instanceof ToolCallScope) {
      ToolCallScope scope = (ToolCallScope) state;
      ToolDepth.exit();
      Dispatcher d = dispatcher;
      if (scope.outermost && scope.handle != null && d != null && CallGuard.enter()) {
        try {
          d.toolCallEnd(scope.handle);
        } catch (Throwable ignored) {
          // the lease also runs out by its TTL
        } finally {
          CallGuard.exit();
        }
      }
    }
    return returned;
  }

  /** Exit advice of a tool-call method: what it throws (a refusal's exception, else unchanged). */
  public static Throwable toolCallThrown(Object state, Throwable thrown) {
    if (state instanceof ToolCallRefusal && ((ToolCallRefusal) state).thrown() != null) {
      return ((ToolCallRefusal) state).thrown();
    }
    return thrown;
  }

  /**
   * Replaces LangChain4j's own {@code toolExecutor.execute(request, memoryId)} calls, so executors
   * that are lambdas (hidden classes no transformer sees) are governed too: decides the call, then
   * runs the executor through its interface method.
   */
  public static String toolExecutorCall(Object executor, Object request, Object memoryId) throws Throwable {
    Object state = toolCallEnter("langchain4j.execute", executor, request, memoryId);
    if (state instanceof ToolCallRefusal) {
      ToolCallRefusal refusal = (ToolCallRefusal) state;
      if (refusal.thrown() != null) {
        throw refusal.thrown();
      }
      return (String) refusal.value();
    }
    Object result = null;
    try {
      result = ToolExecutors.execute(executor, request, memoryId);
      return (String) result;
    } finally {
      toolCallExit(state, result);
    }
  }

  // ---- HTTP client libraries ---------------------------------------------------------------

  /** A hop of an HTTP client library starts; see {@link Dispatcher#httpHopEnter}. */
  public static Object httpHopEnter(String library, Object request, Object context) {
    Dispatcher d = dispatcher;
    if (d == null || !CallGuard.enter()) {
      return null;
    }
    try {
      return d.httpHopEnter(library, request, context);
    } catch (Throwable t) {
      return internalDenial("http");
    } finally {
      CallGuard.exit();
    }
  }

  public static void httpHopExit(Object frame) {
    Dispatcher d = dispatcher;
    if (d == null || frame == null || frame instanceof Throwable || !CallGuard.enter()) {
      return;
    }
    try {
      d.httpHopExit(frame);
    } catch (Throwable ignored) {
      // a frame left open holds no more than the plan of a finished hop on this thread
    } finally {
      CallGuard.exit();
    }
  }

  public static Throwable httpHopNext(String library, Object request) {
    Dispatcher d = dispatcher;
    if (d == null || request == null || !CallGuard.enter()) {
      return null;
    }
    try {
      return d.httpHopNext(library, request);
    } catch (Throwable t) {
      return internalDenial("http");
    } finally {
      CallGuard.exit();
    }
  }

  public static Object httpWireRequest(String library, Object request) {
    Dispatcher d = dispatcher;
    if (d == null || request == null || !CallGuard.enter()) {
      return request;
    }
    try {
      return d.httpWireRequest(library, request);
    } catch (Throwable t) {
      return request;
    } finally {
      CallGuard.exit();
    }
  }

  /** See {@link Dispatcher#httpAsyncExchange}; on any failure the handler stays as it is. */
  public static Object httpAsyncExchange(String library, Object exchangeHandler, boolean decides) {
    Dispatcher d = dispatcher;
    if (d == null || exchangeHandler == null || !CallGuard.enter()) {
      return exchangeHandler;
    }
    try {
      return d.httpAsyncExchange(library, exchangeHandler, decides);
    } catch (Throwable t) {
      return exchangeHandler;
    } finally {
      CallGuard.exit();
    }
  }

  // ---- end of an exchange: the leases of its hops end -------------------------------------

  /**
   * Enter advice of the private {@code HttpClientImpl.sendAsync}: like {@link #httpClientSend},
   * but returns the denial (the advice skips the send), {@code null}, or a handle for
   * {@link #httpClientSent}.
   */
  public static Object httpClientExchange(Object userRequest) {
    Dispatcher d = dispatcher;
    if (d == null) {
      return null;
    }
    boolean entered = CallGuard.enter();
    try {
      return d.httpClientExchange(userRequest, !entered);
    } catch (Throwable t) {
      return internalDenial("http");
    } finally {
      if (entered) {
        CallGuard.exit();
      }
    }
  }

  /**
   * Exit advice of the private {@code HttpClientImpl.sendAsync}: the future the caller gets. A
   * denial becomes a failed future; a handle ends when the future completes (at once when the
   * send threw before returning one). The caller's future itself is returned unchanged.
   */
  public static Object httpClientSent(Object state, Object future) {
    if (state == null) {
      return future;
    }
    if (state instanceof Throwable) {
      return deniedFuture((Throwable) state);
    }
    if (future instanceof CompletableFuture) {
      ((CompletableFuture<?>) future).whenComplete(new ExchangeEnd(state));
    } else {
      httpClientExchangeEnd(state);
    }
    return future;
  }

  /** The {@code HttpClient} call of {@code handle} completed; also on threads inside the agent. */
  static void httpClientExchangeEnd(Object handle) {
    Dispatcher d = dispatcher;
    if (d == null || handle == null) {
      return;
    }
    boolean entered = CallGuard.enter();
    try {
      d.httpClientExchangeEnd(handle);
    } catch (Throwable ignored) {
      // the broker ends what was not ended here when its TTL runs out
    } finally {
      if (entered) {
        CallGuard.exit();
      }
    }
  }

  /** Exit advice of {@code getInputStream0}: the response arrived (or the exchange failed). */
  public static void urlConnectionDone(Object connection) {
    Dispatcher d = dispatcher;
    if (d == null || connection == null || !CallGuard.enter()) {
      return;
    }
    try {
      d.urlConnectionDone(connection);
    } catch (Throwable ignored) {
      // the broker ends what was not ended here when its TTL runs out
    } finally {
      CallGuard.exit();
    }
  }

  /** Exit advice of {@code plainConnect0}: a connect that threw ends the exchange. */
  public static void urlConnectionConnected(Object connection, Throwable thrown) {
    if (thrown != null) {
      urlConnectionDone(connection);
    }
  }

  private static Throwable internalDenial(String toolId) {
    return new FarameshDeniedIOException(toolId, "", "", "", "INTERNAL_ERROR",
        "the faramesh agent failed while deciding this call");
  }

  private static volatile Agents agents;

  /** Installs the agent's logical-agent support; only the holder of the key {@link #install} returned may. */
  public static synchronized void installAgents(Object agentKey, Agents a) {
    checkKey(agentKey);
    if (a == null) {
      throw new IllegalArgumentException("agents");
    }
    agents = a;
  }

  /**
   * The logical agent {@code agentId} of this process, attested on its own and spawned by the agent
   * the calling thread acts for: {@code Faramesh.agent("worker-research").run(() -> ...)}. Throws
   * {@link FarameshDeniedException} when the supervisor may not spawn it or its identity does not
   * verify (the reason code says which). Without the faramesh agent the task simply runs.
   */
  public static FarameshAgent agent(String agentId) {
    if (agentId == null || agentId.isEmpty()) {
      throw new IllegalArgumentException("agentId");
    }
    Agents a = agents;
    if (a == null) {
      return new FarameshAgent(agentId, null, null);
    }
    Object handle;
    boolean entered = CallGuard.enter();
    try {
      handle = a.attach(agentId);
    } catch (RuntimeException | LinkageError e) {
      handle = new FarameshDeniedException("agent/spawn", agentId, "", "", "INTERNAL_ERROR",
          "the faramesh agent failed while attesting agent " + agentId);
    } finally {
      if (entered) {
        CallGuard.exit();
      }
    }
    if (handle instanceof FarameshDeniedException) {
      throw (FarameshDeniedException) handle;
    }
    // from now on work handed to other threads carries the agent it was submitted by
    AgentHandoff.activate(a);
    return new FarameshAgent(agentId, a, handle);
  }
}
