package dev.faramesh.interceptors.okhttp;

import dev.faramesh.bootstrap.Faramesh;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** Inlined into the codecs' {@code writeRequestHeaders}: the head is written from a substituted copy. */
final class WireAdvice {

  private WireAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static void enter(@Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object request) {
    request = Faramesh.httpWireRequest("okhttp", request);
  }
}
