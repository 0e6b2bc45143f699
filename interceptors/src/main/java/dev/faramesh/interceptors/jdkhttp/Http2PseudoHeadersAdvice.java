package dev.faramesh.interceptors.jdkhttp;

import dev.faramesh.bootstrap.Faramesh;
import java.net.http.HttpHeaders;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code Stream.createPseudoHeaders}: {@code :path} carries the query string. */
final class Http2PseudoHeadersAdvice {

  private Http2PseudoHeadersAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  static void exit(@Advice.Argument(0) Object request, @Advice.Return(readOnly = false) HttpHeaders headers) {
    headers = (HttpHeaders) Faramesh.httpClientPseudoHeaders(request, headers);
  }
}
