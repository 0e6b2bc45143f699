package dev.faramesh.interceptors.threads;

import dev.faramesh.bootstrap.AgentHandoff;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code Thread.start} (and a virtual thread's): the new thread acts for its starter's agent. */
final class ThreadStartAdvice {

  private ThreadStartAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static void enter(@Advice.This Thread thread) {
    AgentHandoff.threadStarting(thread);
  }
}
