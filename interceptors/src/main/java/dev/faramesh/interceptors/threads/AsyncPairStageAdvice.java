package dev.faramesh.interceptors.threads;

import dev.faramesh.bootstrap.AgentHandoff;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into {@code CompletableFuture}'s stages over two futures, whose function is the
 * second argument ({@code thenCombine(other, fn)}, {@code applyToEitherAsync}, ...).
 */
final class AsyncPairStageAdvice {

  private AsyncPairStageAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static void enter(@Advice.Argument(value = 1, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object fn) {
    fn = AgentHandoff.function(fn);
  }
}
