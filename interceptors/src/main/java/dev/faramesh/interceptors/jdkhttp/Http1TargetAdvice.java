package dev.faramesh.interceptors.jdkhttp;

import dev.faramesh.bootstrap.Faramesh;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code Http1Request.requestURI}: the request target as it is serialised. */
final class Http1TargetAdvice {

  private Http1TargetAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  static void exit(@Advice.FieldValue("request") Object request, @Advice.Return(readOnly = false) String target) {
    target = Faramesh.httpClientRequestTarget(request, target);
  }
}
