package dev.faramesh.interceptors.apache;

import dev.faramesh.bootstrap.Faramesh;
import net.bytebuddy.asm.Advice;

/** Inlined into HttpClient 4's {@code RetryExec} and {@code ProtocolExec}: decides the hop. */
final class Hop4Advice {

  private Hop4Advice() {}

  @Advice.OnMethodEnter(skipOn = Throwable.class, suppress = Throwable.class)
  static Object enter(@Advice.Argument(0) Object route, @Advice.Argument(1) Object request) {
    return Faramesh.httpHopEnter("apache4", request, route);
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
