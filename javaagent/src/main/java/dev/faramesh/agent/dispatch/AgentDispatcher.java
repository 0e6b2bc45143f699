package dev.faramesh.agent.dispatch;

import dev.faramesh.agent.env.EnvironmentView;
import dev.faramesh.agent.http.HttpLibrary;
import dev.faramesh.agent.http.jdk.JdkHttpClientHandler;
import dev.faramesh.agent.http.urlconnection.UrlConnectionHandler;
import dev.faramesh.agent.process.ProcessGate;
import dev.faramesh.agent.tool.ToolRouter;
import dev.faramesh.bootstrap.Dispatcher;
import java.net.URL;
import java.util.Map;

/**
 * The agent's {@link Dispatcher}: routes each interception point to the handler for its target.
 * The bridge has already set the recursion guard, so nothing a handler does is intercepted.
 */
public final class AgentDispatcher implements Dispatcher {

  private final EnvironmentView environment;
  private final ProcessGate processes;
  private final JdkHttpClientHandler httpClient;
  private final UrlConnectionHandler urlConnections;
  private final ToolRouter tools;
  private final Map<String, HttpLibrary> httpLibraries;

  public AgentDispatcher(EnvironmentView environment, ProcessGate processes, JdkHttpClientHandler httpClient,
      UrlConnectionHandler urlConnections) {
    this(environment, processes, httpClient, urlConnections, null, Map.of());
  }

  /**
   * With framework tool calls routed to {@code tools} and HTTP client libraries by the name their
   * advice passes ({@code okhttp}, {@code apache4}, {@code apache5}).
   */
  public AgentDispatcher(EnvironmentView environment, ProcessGate processes, JdkHttpClientHandler httpClient,
      UrlConnectionHandler urlConnections, ToolRouter tools, Map<String, HttpLibrary> httpLibraries) {
    this.environment = environment;
    this.processes = processes;
    this.httpClient = httpClient;
    this.urlConnections = urlConnections;
    this.tools = tools;
    this.httpLibraries = Map.copyOf(httpLibraries);
  }

  /** Where framework tool calls go; {@code null} when this dispatcher has none. */
  public ToolRouter tools() {
    return tools;
  }

  @Override
  public String getenv(String name, String value) {
    return environment.getenv(name, value);
  }

  @Override
  public Map<String, String> getenvAll(Map<String, String> env) {
    return environment.getenvAll(env);
  }

  @Override
  public void processEnvironment(Map<String, String> env) {
    environment.rewrite(env);
  }

  @Override
  public Throwable processStart(ProcessBuilder builder) {
    return processes.start(builder);
  }

  @Override
  public Throwable httpClientSend(Object userRequest, boolean fromAgent) {
    return httpClient.send(userRequest, fromAgent);
  }

  @Override
  public Throwable httpClientHop(Object userRequest, Object previous, Object request) {
    return httpClient.hop(userRequest, previous, request);
  }

  @Override
  public Object httpClientWireHeaders(Object request, Object headers) {
    return httpClient.wireHeaders(request, headers);
  }

  @Override
  public String httpClientRequestTarget(Object request, String target) {
    return httpClient.requestTarget(request, target);
  }

  @Override
  public Object httpClientPseudoHeaders(Object request, Object headers) {
    return httpClient.pseudoHeaders(request, headers);
  }

  @Override
  public Throwable urlConnectionConnect(Object connection) {
    return urlConnections.connect(connection);
  }

  @Override
  public Throwable urlConnectionRedirect(Object connection, int status, URL location) {
    return urlConnections.redirect(connection, status, location);
  }

  @Override
  public void urlConnectionWriting(Object connection, boolean begin) {
    urlConnections.writing(connection, begin);
  }

  @Override
  public Object urlConnectionWireHeaders(Object messageHeader) {
    return urlConnections.wireHeaders(messageHeader);
  }

  @Override
  public Object toolCall(String hook, Object target, Object arg0, Object arg1) {
    return tools == null ? null : tools.call(hook, target, arg0, arg1);
  }

  @Override
  public void toolCallEnd(Object handle) {
    if (tools != null) {
      tools.end(handle);
    }
  }

  @Override
  public Object httpHopEnter(String library, Object request, Object context) {
    HttpLibrary l = httpLibraries.get(library);
    return l == null ? null : l.enter(request, context);
  }

  @Override
  public void httpHopExit(Object frame) {
    for (HttpLibrary l : httpLibraries.values()) {
      l.exit(frame);
    }
  }

  @Override
  public Throwable httpHopNext(String library, Object request) {
    HttpLibrary l = httpLibraries.get(library);
    return l == null ? null : l.next(request);
  }

  @Override
  public Object httpWireRequest(String library, Object request) {
    HttpLibrary l = httpLibraries.get(library);
    return l == null ? request : l.wire(request);
  }

  @Override
  public Object httpAsyncExchange(String library, Object exchangeHandler, boolean decides) {
    HttpLibrary l = httpLibraries.get(library);
    return l == null ? exchangeHandler : l.exchange(exchangeHandler, decides);
  }

  @Override
  public Object httpClientExchange(Object userRequest, boolean fromAgent) {
    return httpClient.exchange(userRequest, fromAgent);
  }

  @Override
  public void httpClientExchangeEnd(Object handle) {
    httpClient.exchangeEnd(handle);
  }

  @Override
  public void urlConnectionDone(Object connection) {
    urlConnections.done(connection);
  }
}
