package dev.faramesh.interceptors.apacheasync;

import dev.faramesh.interceptors.Hook;
import dev.faramesh.interceptors.InterceptorPlugin;
import java.util.List;

/**
 * Apache HttpClient 5 async ({@code CloseableHttpAsyncClient} built by {@code HttpAsyncClients}
 * / {@code HttpAsyncClientBuilder} / {@code H2AsyncClientBuilder}). Whatever {@code execute}
 * form the application uses ({@code SimpleHttpRequest}, an {@code AsyncRequestProducer}, with or
 * without a callback), the client's {@code doExecute} turns it into a request that runs down the
 * async execution chain, and every hop (the first request and each redirect the client follows,
 * which gets a new {@code AsyncExecChain.Scope}) passes {@code AsyncProtocolExec.execute} before a
 * connection is leased: the hop is decided there, on the thread that calls it. A denial thrown
 * there fails the returned {@code Future} and the callback ({@code doExecute} for the first hop,
 * {@code AsyncRedirectExec} for a redirect), and is never retried. The request head is written
 * later on an I/O reactor thread, from a copy with credentials substituted: HTTP/1.1 by
 * {@code AbstractMessageWriter.write}, HTTP/2 by {@code DefaultH2RequestConverter.convert}. The
 * exchange handler the exec runtime runs the hop's request in is replaced by one that ends the
 * hop's credential leases when the exchange is over.
 */
public final class ApacheAsyncClientInterceptor implements InterceptorPlugin {

  private static final String PACKAGE = ApacheAsyncClientInterceptor.class.getPackageName();
  private static final String EXEC = "(Lorg/apache/hc/core5/http/HttpRequest;"
      + "Lorg/apache/hc/core5/http/nio/AsyncEntityProducer;Lorg/apache/hc/client5/http/async/AsyncExecChain$Scope;"
      + "Lorg/apache/hc/client5/http/async/AsyncExecChain;Lorg/apache/hc/client5/http/async/AsyncExecCallback;)V";

  private static final String RUNTIME = "(Ljava/lang/String;Lorg/apache/hc/core5/http/nio/AsyncClientExchangeHandler;"
      + "Lorg/apache/hc/client5/http/protocol/HttpClientContext;)Lorg/apache/hc/core5/concurrent/Cancellable;";

  @Override
  public String name() {
    return "apache-httpclient5-async";
  }

  @Override
  public List<Hook> hooks() {
    return List.of(
        new Hook("org.apache.hc.client5.http.impl.async.AsyncProtocolExec", "execute", EXEC, PACKAGE + ".HopAdvice"),
        new Hook("org.apache.hc.core5.http.impl.nio.AbstractMessageWriter", "write",
            "(Lorg/apache/hc/core5/http/HttpMessage;Lorg/apache/hc/core5/http/nio/SessionOutputBuffer;)V",
            PACKAGE + ".WireAdvice"),
        new Hook("org.apache.hc.core5.http2.impl.DefaultH2RequestConverter", "convert",
            "(Lorg/apache/hc/core5/http/HttpRequest;)Ljava/util/List;", PACKAGE + ".WireAdvice"),
        // the exchange a hop's request runs in: its end ends the hop's credential leases
        new Hook("org.apache.hc.client5.http.impl.async.InternalHttpAsyncExecRuntime", "execute", RUNTIME,
            PACKAGE + ".ExchangeEndAdvice"),
        new Hook("org.apache.hc.client5.http.impl.async.InternalH2AsyncExecRuntime", "execute", RUNTIME,
            PACKAGE + ".ExchangeEndAdvice"));
  }
}
