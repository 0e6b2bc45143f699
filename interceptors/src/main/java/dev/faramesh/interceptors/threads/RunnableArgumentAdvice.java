package dev.faramesh.interceptors.threads;

import dev.faramesh.bootstrap.AgentHandoff;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into constructors whose first argument is the {@code Runnable} a task will run
 * ({@code FutureTask}, {@code ForkJoinTask}'s adapters): it runs as the agent that created the task.
 */
final class RunnableArgumentAdvice {

  private RunnableArgumentAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static void enter(@Advice.Argument(value = 0, readOnly = false) Runnable task) {
    task = AgentHandoff.runnable(task);
  }
}
