package dev.faramesh.interceptors.apache;

import dev.faramesh.interceptors.Hook;
import dev.faramesh.interceptors.InterceptorPlugin;
import java.util.List;

/**
 * Apache HttpClient 4.3+ and 5 (classic). Each hop (the first request and every redirect the
 * client follows) passes through the retry stage of the execution chain and then the protocol
 * stage; the hop is decided at the first of them it reaches, so a retry is not decided again and a
 * denial (thrown as {@code IOException}) is never retried. The connection writes the request head
 * ({@code sendRequestHeader}) from a copy with credentials substituted for the hop's host.
 */
public final class ApacheHttpClientInterceptor implements InterceptorPlugin {

  private static final String PACKAGE = ApacheHttpClientInterceptor.class.getPackageName();
  private static final String V4_EXEC = "(Lorg/apache/http/conn/routing/HttpRoute;"
      + "Lorg/apache/http/client/methods/HttpRequestWrapper;Lorg/apache/http/client/protocol/HttpClientContext;"
      + "Lorg/apache/http/client/methods/HttpExecutionAware;)Lorg/apache/http/client/methods/CloseableHttpResponse;";
  private static final String V5_EXEC = "(Lorg/apache/hc/core5/http/ClassicHttpRequest;"
      + "Lorg/apache/hc/client5/http/classic/ExecChain$Scope;Lorg/apache/hc/client5/http/classic/ExecChain;)"
      + "Lorg/apache/hc/core5/http/ClassicHttpResponse;";

  @Override
  public String name() {
    return "apache-httpclient";
  }

  @Override
  public List<Hook> hooks() {
    return List.of(
        new Hook("org.apache.http.impl.execchain.RetryExec", "execute", V4_EXEC, PACKAGE + ".Hop4Advice"),
        new Hook("org.apache.http.impl.execchain.ProtocolExec", "execute", V4_EXEC, PACKAGE + ".Hop4Advice"),
        new Hook("org.apache.http.impl.DefaultBHttpClientConnection", "sendRequestHeader",
            "(Lorg/apache/http/HttpRequest;)V", PACKAGE + ".Wire4Advice"),
        new Hook("org.apache.hc.client5.http.impl.classic.HttpRequestRetryExec", "execute", V5_EXEC,
            PACKAGE + ".Hop5Advice"),
        new Hook("org.apache.hc.client5.http.impl.classic.ProtocolExec", "execute", V5_EXEC, PACKAGE + ".Hop5Advice"),
        new Hook("org.apache.hc.core5.http.impl.io.DefaultBHttpClientConnection", "sendRequestHeader",
            "(Lorg/apache/hc/core5/http/ClassicHttpRequest;)V", PACKAGE + ".Wire5Advice"));
  }
}
