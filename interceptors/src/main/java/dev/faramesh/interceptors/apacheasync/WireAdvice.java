package dev.faramesh.interceptors.apacheasync;

import dev.faramesh.bootstrap.Faramesh;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into HttpCore 5's HTTP/1.1 message writer and HTTP/2 request converter: a request of a
 * permitted hop is written from a substituted copy (anything else is written as it is).
 */
final class WireAdvice {

  private WireAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static void enter(@Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object message) {
    message = Faramesh.httpWireRequest("apache5async", message);
  }
}
