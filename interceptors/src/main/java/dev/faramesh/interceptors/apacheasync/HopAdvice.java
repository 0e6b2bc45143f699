package dev.faramesh.interceptors.apacheasync;

import dev.faramesh.bootstrap.Faramesh;
import net.bytebuddy.asm.Advice;

/** Inlined into HttpClient 5's {@code AsyncProtocolExec.execute}: decides the hop of the scope. */
final class HopAdvice {

  private HopAdvice() {}

  @Advice.OnMethodEnter(skipOn = Throwable.class, suppress = Throwable.class)
  static Object enter(@Advice.Argument(0) Object request, @Advice.Argument(2) Object scope) {
    return Faramesh.httpHopEnter("apache5async", request, scope);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(@Advice.Enter Object frame, @Advice.Thrown(readOnly = false) Throwable thrown) {
    if (frame instanceof Throwable) {
      thrown = (Throwable) frame;
    }
  }
}
