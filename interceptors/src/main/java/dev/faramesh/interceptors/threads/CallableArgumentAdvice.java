package dev.faramesh.interceptors.threads;

import dev.faramesh.bootstrap.AgentHandoff;
import java.util.concurrent.Callable;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into constructors whose first argument is the {@code Callable} a task will call
 * ({@code FutureTask}, {@code ForkJoinTask}'s adapters): it runs as the agent that created the task.
 */
final class CallableArgumentAdvice {

  private CallableArgumentAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static void enter(@Advice.Argument(value = 0, readOnly = false) Callable<?> task) {
    task = AgentHandoff.callable(task);
  }
}
