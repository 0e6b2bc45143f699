package dev.faramesh.interceptors.apache;

import dev.faramesh.bootstrap.Faramesh;
import net.bytebuddy.asm.Advice;

/** Inlined into HttpClient 5's {@code HttpRequestRetryExec} and {@code ProtocolExec}: decides the hop. */
final class Hop5Advice {

  private Hop5Advice() {}

  @Advice.OnMethodEnter(skipOn = Throwable.class, suppress = Throwable.class)
  static Object enter(@Advice.Argument(0) Object request, @Advice.Argument(1) Object scope) {
    return Faramesh.httpHopEnter("apache5", request, scope);
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
