package dev.faramesh.interceptors.apacheasync4;

import dev.faramesh.bootstrap.Faramesh;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into {@code PipeliningClientExchangeHandlerImpl.generateRequest}: the wrapper it returns for
 * the connection gets the plan of the request it wraps (decided when the pipeline started); a request
 * not decided then is decided now, and a denial is thrown instead of the request.
 */
final class GenerateAdvice {

  private GenerateAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(@Advice.This Object handler,
      @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object request,
      @Advice.Thrown(readOnly = false) Throwable thrown) {
    if (thrown == null && request != null) {
      Object denial = Faramesh.httpHopEnter("apache4async", handler, request);
      if (denial instanceof Throwable) {
        thrown = (Throwable) denial;
      }
    }
  }
}
