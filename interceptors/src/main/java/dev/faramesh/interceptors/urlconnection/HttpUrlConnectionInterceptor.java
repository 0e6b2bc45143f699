package dev.faramesh.interceptors.urlconnection;

import dev.faramesh.interceptors.Hook;
import dev.faramesh.interceptors.InterceptorPlugin;
import java.util.List;

/**
 * {@code HttpURLConnection} over HTTP and HTTPS (the HTTPS implementation delegates to a subclass
 * of the same {@code sun.net.www.protocol.http.HttpURLConnection}). Decisions: {@code plainConnect0}
 * (the first connect of each hop) and {@code followRedirect0} (each redirect, also when the
 * connection is reused). Substitution: {@code sun.net.www.http.HttpClient.writeRequests}, the
 * last step before the request head reaches the socket, on a copy, while the connection's own
 * {@code writeRequests} marks which connection is writing.
 */
public final class HttpUrlConnectionInterceptor implements InterceptorPlugin {

  private static final String PACKAGE = HttpUrlConnectionInterceptor.class.getPackageName();
  private static final String CONNECTION = "sun.net.www.protocol.http.HttpURLConnection";
  private static final String WIRE = "sun.net.www.http.HttpClient";

  @Override
  public String name() {
    return "urlconnection";
  }

  @Override
  public List<Hook> hooks() {
    return List.of(
        new Hook(CONNECTION, "plainConnect0", "()V", PACKAGE + ".ConnectAdvice"),
        new Hook(CONNECTION, "followRedirect0", "(Ljava/lang/String;ILjava/net/URL;)Z", PACKAGE + ".RedirectAdvice"),
        new Hook(CONNECTION, "writeRequests", "()V", PACKAGE + ".WritingAdvice"),
        new Hook(CONNECTION, "getInputStream0", "()Ljava/io/InputStream;", PACKAGE + ".ResponseAdvice"),
        new Hook(WIRE, "writeRequests", "(Lsun/net/www/MessageHeader;)V", PACKAGE + ".WireHeadersAdvice"),
        new Hook(WIRE, "writeRequests", "(Lsun/net/www/MessageHeader;Lsun/net/www/http/PosterOutputStream;)V",
            PACKAGE + ".WireHeadersAdvice"));
  }
}
