package dev.faramesh.interceptors.jdkhttp;

import dev.faramesh.bootstrap.Faramesh;
import java.net.http.HttpHeaders;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code Stream.filterHeaders}, through which both the system and the user headers
 * of an HTTP/2 request pass on their way into the HEADERS frame.
 */
final class Http2HeadersAdvice {

  private Http2HeadersAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  static void exit(@Advice.FieldValue("request") Object request, @Advice.Return(readOnly = false) HttpHeaders headers) {
    headers = (HttpHeaders) Faramesh.httpClientWireHeaders(request, headers);
  }
}
