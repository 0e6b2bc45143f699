package dev.faramesh.interceptors.threads;

import dev.faramesh.bootstrap.AgentHandoff;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into {@code CompletableFuture}'s stages whose function is the first argument
 * ({@code supplyAsync}, {@code thenApplyAsync}, {@code thenApply}, ...): the function runs as the
 * agent that created the stage, not as whichever thread completes the source.
 */
final class AsyncStageAdvice {

  private AsyncStageAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static void enter(@Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object fn) {
    fn = AgentHandoff.function(fn);
  }
}
