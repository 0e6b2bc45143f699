package dev.faramesh.interceptors.okhttp;

import dev.faramesh.bootstrap.Faramesh;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code RetryAndFollowUpInterceptor.intercept}: decides the first hop. */
final class HopAdvice {

  private HopAdvice() {}

  @Advice.OnMethodEnter(skipOn = Throwable.class, suppress = Throwable.class)
  static Object enter(@Advice.Argument(0) Object chain) {
    return Faramesh.httpHopEnter("okhttp", chain, null);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(@Advice.Enter Object frame, @Advice.Thrown(readOnly = false) Throwable thrown) {
    if (frame instanceof Throwable) {
      thrown = (Throwable) frame;
    } else {
      Faramesh.httpHopExit(frame);
    }
  }
}
