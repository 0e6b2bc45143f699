package dev.faramesh.interceptors.apacheasync4;

import dev.faramesh.bootstrap.Faramesh;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code MainClientExec.responseCompleted}: when it prepared a redirect, the new
 * current request is decided as it returns (any other outcome leaves the decided request in place).
 */
final class RedirectAdvice {

  private RedirectAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(@Advice.Argument(1) Object handler, @Advice.Thrown(readOnly = false) Throwable thrown) {
    if (thrown == null) {
      Object denial = Faramesh.httpHopEnter("apache4async", handler, null);
      if (denial instanceof Throwable) {
        thrown = (Throwable) denial;
      }
    }
  }
}
