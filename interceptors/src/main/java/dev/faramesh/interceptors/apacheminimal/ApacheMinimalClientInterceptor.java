package dev.faramesh.interceptors.apacheminimal;

import dev.faramesh.interceptors.Hook;
import dev.faramesh.interceptors.InterceptorPlugin;
import java.util.List;

/**
 * Apache HttpClient 5's minimal async clients ({@code HttpAsyncClients.createMinimal},
 * {@code createHttp2Minimal}: {@code MinimalHttpAsyncClient}, {@code MinimalH2AsyncClient}), which
 * bypass the execution chain. Their {@code execute(AsyncClientExchangeHandler, ...)}, which every
 * {@code execute} form ends in, asks the exchange handler for its request through a request channel
 * of the client's own (an anonymous class in 5.1, a lambda in 5.6) before a connection is leased;
 * the handler is replaced by one whose request channel has the request decided first, so a denial
 * fails the exchange before any connection. A {@code MinimalHttpAsyncClient.lease} endpoint runs
 * exchanges on a connection that is already open: its {@code execute} gets the same replacement, and
 * the request is decided on the I/O reactor thread when the connection asks for it, before its head
 * is written. The head itself is written by the async client's wire hooks
 * ({@code apache-httpclient5-async}).
 */
public final class ApacheMinimalClientInterceptor implements InterceptorPlugin {

  private static final String PACKAGE = ApacheMinimalClientInterceptor.class.getPackageName();
  private static final String CLIENTS = "org.apache.hc.client5.http.impl.async.";
  private static final String ARGS = "(Lorg/apache/hc/core5/http/nio/AsyncClientExchangeHandler;"
      + "Lorg/apache/hc/core5/http/nio/HandlerFactory;Lorg/apache/hc/core5/http/protocol/HttpContext;)";

  @Override
  public String name() {
    return "apache-httpclient5-minimal";
  }

  @Override
  public List<Hook> hooks() {
    String cancellable = "Lorg/apache/hc/core5/concurrent/Cancellable;";
    return List.of(
        new Hook(CLIENTS + "MinimalHttpAsyncClient", "execute", ARGS + cancellable, PACKAGE + ".ExchangeAdvice"),
        new Hook(CLIENTS + "MinimalH2AsyncClient", "execute", ARGS + cancellable, PACKAGE + ".ExchangeAdvice"),
        new Hook(CLIENTS + "MinimalHttpAsyncClient$InternalAsyncClientEndpoint", "execute", ARGS + "V",
            PACKAGE + ".ExchangeAdvice"));
  }
}
