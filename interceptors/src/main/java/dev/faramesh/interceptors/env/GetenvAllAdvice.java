package dev.faramesh.interceptors.env;

import dev.faramesh.bootstrap.Faramesh;
import java.util.Map;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code System.getenv()}: the bridge decides which map the caller sees. */
final class GetenvAllAdvice {

  private GetenvAllAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  static void exit(@Advice.Return(readOnly = false) Map<String, String> environment) {
    environment = Faramesh.getenvAll(environment);
  }
}
