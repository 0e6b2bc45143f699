package dev.faramesh.interceptors.apacheasync4;

import dev.faramesh.bootstrap.Faramesh;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** Inlined into httpcore-nio's message writer: a decided request's head is written from a substituted copy. */
final class WireAdvice {

  private WireAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static void enter(@Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object message) {
    message = Faramesh.httpWireRequest("apache4async", message);
  }
}
