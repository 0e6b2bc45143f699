package dev.faramesh.interceptors.okhttp;

import dev.faramesh.interceptors.Hook;
import dev.faramesh.interceptors.InterceptorPlugin;
import java.util.List;

/**
 * OkHttp 3, 4 and 5. {@code RetryAndFollowUpInterceptor.intercept} runs once per call on the
 * thread that executes it (the caller's for {@code execute}, a dispatcher thread for
 * {@code enqueue}), before any connection is made: the first hop is decided there and a denial is
 * thrown as the call's {@code IOException}; each redirect it follows ({@code followUpRequest}) is
 * decided again. The interceptor chain runs synchronously on that thread, so the codecs writing
 * the request head ({@code writeRequestHeaders}, HTTP/1.1 and HTTP/2) get a copy of the request
 * with credentials substituted for the hop's host, never the application's object.
 */
public final class OkHttpInterceptor implements InterceptorPlugin {

  private static final String PACKAGE = OkHttpInterceptor.class.getPackageName();
  private static final String WRITE = "(Lokhttp3/Request;)V";

  @Override
  public String name() {
    return "okhttp";
  }

  @Override
  public List<Hook> hooks() {
    String retry = "okhttp3.internal.http.RetryAndFollowUpInterceptor";
    return List.of(
        new Hook(retry, "intercept", "(Lokhttp3/Interceptor$Chain;)Lokhttp3/Response;", PACKAGE + ".HopAdvice"),
        new Hook(retry, "followUpRequest", null, PACKAGE + ".FollowUpAdvice"),
        // 3.14 and later; 3.0 to 3.13 named the codecs Http1Codec and Http2Codec
        Hook.optional("okhttp3.internal.http1.Http1ExchangeCodec", "writeRequestHeaders", WRITE, PACKAGE + ".WireAdvice"),
        Hook.optional("okhttp3.internal.http2.Http2ExchangeCodec", "writeRequestHeaders", WRITE, PACKAGE + ".WireAdvice"),
        Hook.optional("okhttp3.internal.http1.Http1Codec", "writeRequestHeaders", WRITE, PACKAGE + ".WireAdvice"),
        Hook.optional("okhttp3.internal.http2.Http2Codec", "writeRequestHeaders", WRITE, PACKAGE + ".WireAdvice"));
  }
}
