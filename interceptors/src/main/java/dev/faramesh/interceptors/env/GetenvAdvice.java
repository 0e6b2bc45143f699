package dev.faramesh.interceptors.env;

import dev.faramesh.bootstrap.Faramesh;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code System.getenv(String)}: the bridge decides what the caller sees. */
final class GetenvAdvice {

  private GetenvAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  static void exit(@Advice.Argument(0) String name, @Advice.Return(readOnly = false) String value) {
    value = Faramesh.getenv(name, value);
  }
}
