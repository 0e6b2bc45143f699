package dev.faramesh.interceptors.apacheasync4;

import dev.faramesh.bootstrap.Faramesh;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code DefaultClientExchangeHandlerImpl.releaseResources}: the exchange is over. */
final class ReleaseAdvice {

  private ReleaseAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static void enter(@Advice.This Object handler) {
    Faramesh.httpHopExit(handler);
  }
}
