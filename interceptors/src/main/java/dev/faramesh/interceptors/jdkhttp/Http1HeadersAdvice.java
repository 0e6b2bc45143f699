package dev.faramesh.interceptors.jdkhttp;

import dev.faramesh.bootstrap.Faramesh;
import java.net.http.HttpHeaders;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code Http1Request.collectHeaders1}: the header block as it is serialised. */
final class Http1HeadersAdvice {

  private Http1HeadersAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static void enter(@Advice.FieldValue("request") Object request,
      @Advice.Argument(value = 1, readOnly = false) HttpHeaders headers) {
    headers = (HttpHeaders) Faramesh.httpClientWireHeaders(request, headers);
  }
}
