package dev.faramesh.interceptors.process;

import dev.faramesh.bootstrap.Faramesh;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code ProcessBuilder.start(Redirect[])}: a denial skips the launch and is thrown
 * from exit advice (assigned, not thrown, so it is not swallowed).
 */
final class ProcessStartAdvice {

  private ProcessStartAdvice() {}

  @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
  static Throwable enter(@Advice.This ProcessBuilder builder) {
    return Faramesh.processStart(builder);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class)
  static void exit(@Advice.Enter Throwable denial, @Advice.Thrown(readOnly = false) Throwable thrown) {
    if (denial != null) {
      thrown = denial;
    }
  }
}
