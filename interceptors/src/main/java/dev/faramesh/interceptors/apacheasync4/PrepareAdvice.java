package dev.faramesh.interceptors.apacheasync4;

import dev.faramesh.bootstrap.Faramesh;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code MainClientExec.prepare}: the exchange's first request is decided as it returns. */
final class PrepareAdvice {

  private PrepareAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(@Advice.Argument(3) Object handler, @Advice.Thrown(readOnly = false) Throwable thrown) {
    if (thrown == null) {
      Object denial = Faramesh.httpHopEnter("apache4async", handler, null);
      if (denial instanceof Throwable) {
        thrown = (Throwable) denial;
      }
    }
  }
}
