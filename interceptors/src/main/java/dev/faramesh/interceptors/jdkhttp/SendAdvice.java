package dev.faramesh.interceptors.jdkhttp;

import dev.faramesh.bootstrap.Faramesh;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code HttpClientImpl.send}, which re-wraps its future's failure in a plain
 * {@code IOException}: the caller gets the denial exception itself.
 */
final class SendAdvice {

  private SendAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class)
  static void exit(@Advice.Thrown(readOnly = false) Throwable thrown) {
    if (thrown != null) {
      thrown = Faramesh.unwrapDenial(thrown);
    }
  }
}
