package dev.faramesh.interceptors.apacheasync4;

import dev.faramesh.bootstrap.Faramesh;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code AbstractClientExchangeHandler.requestConnection}: an exchange whose current
 * request was not decided yet (the minimal client's, which has no {@code MainClientExec}) has it
 * decided before a connection is requested; a denial is thrown instead of requesting one.
 */
final class ConnectAdvice {

  private ConnectAdvice() {}

  @Advice.OnMethodEnter(skipOn = Throwable.class, suppress = Throwable.class)
  static Object enter(@Advice.This Object handler) {
    return Faramesh.httpHopEnter("apache4async", handler, null);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(@Advice.Enter Object verdict, @Advice.Thrown(readOnly = false) Throwable thrown) {
    if (verdict instanceof Throwable) {
      thrown = (Throwable) verdict;
    }
  }
}
