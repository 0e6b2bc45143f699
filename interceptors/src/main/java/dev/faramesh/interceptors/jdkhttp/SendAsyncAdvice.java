package dev.faramesh.interceptors.jdkhttp;

import dev.faramesh.bootstrap.Faramesh;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into the private {@code HttpClientImpl.sendAsync}: decides the first hop on the
 * caller's thread; a denial skips the send and returns a failed future.
 */
final class SendAsyncAdvice {

  private SendAsyncAdvice() {}

  @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
  static Throwable enter(@Advice.Argument(0) Object request) {
    return Faramesh.httpClientSend(request);
  }

  @Advice.OnMethodExit
  static void exit(@Advice.Enter Throwable denial,
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object future) {
    if (denial != null) {
      future = Faramesh.deniedFuture(denial);
    }
  }
}
