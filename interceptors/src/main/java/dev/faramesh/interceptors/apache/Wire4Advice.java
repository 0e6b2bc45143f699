package dev.faramesh.interceptors.apache;

import dev.faramesh.bootstrap.Faramesh;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** Inlined into HttpClient 4's {@code sendRequestHeader}: the head is written from a substituted copy. */
final class Wire4Advice {

  private Wire4Advice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static void enter(@Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object request) {
    request = Faramesh.httpWireRequest("apache4", request);
  }
}
