package dev.faramesh.interceptors.jdkhttp;

import dev.faramesh.interceptors.Hook;
import dev.faramesh.interceptors.InterceptorPlugin;
import java.util.List;

/**
 * {@code java.net.http.HttpClient}, HTTP/1.1 and HTTP/2. Decisions: the private
 * {@code HttpClientImpl.sendAsync(request, handler, push, executor)} that {@code send} and both
 * public {@code sendAsync} overloads end in (one decision per call, on the caller's thread), and
 * {@code MultiExchange.requestFilters}, which runs once per hop, so redirects are decided again.
 * Substitution happens only where the request meets the wire ({@code Http1Request} header and
 * request-line assembly, HTTP/2 {@code Stream} header and pseudo-header frames), so the request
 * objects the application can reach never hold a real credential.
 */
public final class JdkHttpClientInterceptor implements InterceptorPlugin {

  private static final String PACKAGE = JdkHttpClientInterceptor.class.getPackageName();
  private static final String CLIENT = "jdk.internal.net.http.HttpClientImpl";
  private static final String EXCHANGE = "jdk.internal.net.http.MultiExchange";
  private static final String HTTP1 = "jdk.internal.net.http.Http1Request";
  private static final String HTTP2 = "jdk.internal.net.http.Stream";

  @Override
  public String name() {
    return "jdk-httpclient";
  }

  @Override
  public List<Hook> hooks() {
    return List.of(
        new Hook(CLIENT, "sendAsync", "(Ljava/net/http/HttpRequest;Ljava/net/http/HttpResponse$BodyHandler;"
            + "Ljava/net/http/HttpResponse$PushPromiseHandler;Ljava/util/concurrent/Executor;)"
            + "Ljava/util/concurrent/CompletableFuture;", PACKAGE + ".SendAsyncAdvice"),
        new Hook(CLIENT, "send", "(Ljava/net/http/HttpRequest;Ljava/net/http/HttpResponse$BodyHandler;)"
            + "Ljava/net/http/HttpResponse;", PACKAGE + ".SendAdvice"),
        new Hook(EXCHANGE, "requestFilters", "(Ljdk/internal/net/http/HttpRequestImpl;)V",
            PACKAGE + ".RequestFiltersAdvice"),
        new Hook(HTTP1, "collectHeaders1", "(Ljava/lang/StringBuilder;Ljava/net/http/HttpHeaders;"
            + "Ljava/util/function/BiPredicate;)V", PACKAGE + ".Http1HeadersAdvice"),
        new Hook(HTTP1, "requestURI", "()Ljava/lang/String;", PACKAGE + ".Http1TargetAdvice"),
        new Hook(HTTP2, "filterHeaders", "(Ljava/net/http/HttpHeaders;)Ljava/net/http/HttpHeaders;",
            PACKAGE + ".Http2HeadersAdvice"),
        new Hook(HTTP2, "createPseudoHeaders", "(Ljava/net/http/HttpRequest;)Ljava/net/http/HttpHeaders;",
            PACKAGE + ".Http2PseudoHeadersAdvice"));
  }
}
