package dev.faramesh.interceptors.threads;

import dev.faramesh.bootstrap.AgentHandoff;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code ThreadPoolExecutor.execute}: the task runs as the agent that submitted it. */
final class ExecuteAdvice {

  private ExecuteAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static void enter(@Advice.Argument(value = 0, readOnly = false) Runnable task) {
    task = AgentHandoff.executed(task);
  }
}
