package dev.faramesh.interceptors.jdkhttp;

import static net.bytebuddy.matcher.ElementMatchers.isPrivate;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

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
        new Hook(CLIENT, named("sendAsync").and(isPrivate()).and(takesArguments(4)), PACKAGE + ".SendAsyncAdvice"),
        new Hook(CLIENT, named("send").and(isPublic()).and(takesArguments(2)), PACKAGE + ".SendAdvice"),
        new Hook(EXCHANGE, named("requestFilters").and(takesArguments(1)), PACKAGE + ".RequestFiltersAdvice"),
        new Hook(HTTP1, named("collectHeaders1").and(takesArguments(3)), PACKAGE + ".Http1HeadersAdvice"),
        new Hook(HTTP1, named("requestURI").and(takesArguments(0)), PACKAGE + ".Http1TargetAdvice"),
        new Hook(HTTP2, named("filterHeaders").and(takesArguments(1)), PACKAGE + ".Http2HeadersAdvice"),
        new Hook(HTTP2, named("createPseudoHeaders").and(isStatic()), PACKAGE + ".Http2PseudoHeadersAdvice"));
  }
}
