package dev.faramesh.interceptors.jdkhttp;

import dev.faramesh.bootstrap.Faramesh;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into the private {@code HttpClientImpl.sendAsync}: decides the first hop on the
 * caller's thread; a denial skips the send and returns a failed future. A permitted call that
 * holds credential leases has them ended when its future completes.
 */
final class SendAsyncAdvice {

  private SendAsyncAdvice() {}

  @Advice.OnMethodEnter(skipOn = Throwable.class)
  static Object enter(@Advice.Argument(0) Object request) {
    return Faramesh.httpClientExchange(request);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class)
  static void exit(@Advice.Enter Object state,
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object future) {
    future = Faramesh.httpClientSent(state, future);
  }
}
