package dev.faramesh.interceptors.okhttp;

import dev.faramesh.bootstrap.Faramesh;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** Inlined into {@code followUpRequest}: the redirect it returns is decided before it is sent. */
final class FollowUpAdvice {

  private FollowUpAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(@Advice.Return(typing = Assigner.Typing.DYNAMIC) Object next,
      @Advice.Thrown(readOnly = false) Throwable thrown) {
    if (thrown == null && next != null) {
      Throwable denial = Faramesh.httpHopNext("okhttp", next);
      if (denial != null) {
        thrown = denial;
      }
    }
  }
}
