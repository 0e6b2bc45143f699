package dev.faramesh.interceptors.apacheasync4;

import dev.faramesh.interceptors.Hook;
import dev.faramesh.interceptors.InterceptorPlugin;
import java.util.List;

/**
 * Apache HttpAsyncClient 4.1 ({@code org.apache.httpcomponents:httpasyncclient}, the client
 * {@code HttpAsyncClients.createDefault} / {@code custom()} builds). Every {@code execute} form runs a
 * {@code DefaultClientExchangeHandlerImpl} whose {@code start} calls {@code MainClientExec.prepare}
 * before it requests a connection: when {@code prepare} returns, the exchange's current request
 * (with its route) is decided, and a denial thrown out of it reaches {@code handler.failed}, which
 * fails the {@code Future} and the callback. A redirect is prepared in
 * {@code MainClientExec.responseCompleted} on the I/O reactor thread before the next connection
 * is requested: when it returns with a new current request, that request is decided, and a denial
 * fails the exchange the same way (through the connection's exception handler). The request head is
 * written by httpcore-nio's {@code AbstractMessageWriter.write} from a substituted copy; the
 * exchange's release ends the credential leases of its last hop. The minimal client
 * ({@code HttpAsyncClients.createMinimal}, {@code MinimalClientExchangeHandlerImpl}) has no
 * {@code MainClientExec}: its request is decided when its exchange requests a connection
 * ({@code AbstractClientExchangeHandler.requestConnection}, which any exchange with a request not
 * decided yet passes first). The pipelining client ({@code HttpAsyncClients.createPipelining},
 * {@code PipeliningClientExchangeHandlerImpl}) passes there too, before it connects: all requests of
 * the pipeline are decided then, and one denial fails the whole pipeline; each wrapper its
 * {@code generateRequest} makes for the connection takes its request's plan.
 */
public final class ApacheAsync4ClientInterceptor implements InterceptorPlugin {

  private static final String PACKAGE = ApacheAsync4ClientInterceptor.class.getPackageName();
  private static final String CLIENT = "org.apache.http.impl.nio.client.";

  @Override
  public String name() {
    return "apache-httpasyncclient4";
  }

  @Override
  public List<Hook> hooks() {
    return List.of(
        new Hook(CLIENT + "MainClientExec", "prepare", "(Lorg/apache/http/HttpHost;Lorg/apache/http/HttpRequest;"
            + "Lorg/apache/http/impl/nio/client/InternalState;Lorg/apache/http/impl/nio/client/AbstractClientExchangeHandler;)V",
            PACKAGE + ".PrepareAdvice"),
        new Hook(CLIENT + "MainClientExec", "responseCompleted", "(Lorg/apache/http/impl/nio/client/InternalState;"
            + "Lorg/apache/http/impl/nio/client/AbstractClientExchangeHandler;)V", PACKAGE + ".RedirectAdvice"),
        new Hook(CLIENT + "AbstractClientExchangeHandler", "requestConnection", "()V", PACKAGE + ".ConnectAdvice"),
        new Hook(CLIENT + "DefaultClientExchangeHandlerImpl", "releaseResources", "()V", PACKAGE + ".ReleaseAdvice"),
        new Hook(CLIENT + "MinimalClientExchangeHandlerImpl", "releaseResources", "()V", PACKAGE + ".ReleaseAdvice"),
        new Hook(CLIENT + "PipeliningClientExchangeHandlerImpl", "generateRequest", "()Lorg/apache/http/HttpRequest;",
            PACKAGE + ".GenerateAdvice"),
        new Hook(CLIENT + "PipeliningClientExchangeHandlerImpl", "releaseResources", "()V", PACKAGE + ".ReleaseAdvice"),
        new Hook("org.apache.http.impl.nio.codecs.AbstractMessageWriter", "write", "(Lorg/apache/http/HttpMessage;)V",
            PACKAGE + ".WireAdvice"));
  }
}
