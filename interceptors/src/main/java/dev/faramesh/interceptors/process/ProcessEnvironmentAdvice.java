package dev.faramesh.interceptors.process;

import dev.faramesh.bootstrap.Faramesh;
import java.util.Map;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code ProcessBuilder.environment()}: the builder's map holds placeholders only. */
final class ProcessEnvironmentAdvice {

  private ProcessEnvironmentAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  static void exit(@Advice.Return Map<String, String> environment) {
    Faramesh.processEnvironment(environment);
  }
}
