package dev.faramesh.interceptors.apacheminimal;

import dev.faramesh.bootstrap.Faramesh;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** Inlined into the minimal clients' {@code execute}: runs the exchange handler the agent returns. */
final class ExchangeAdvice {

  private ExchangeAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static void enter(@Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object handler) {
    handler = Faramesh.httpAsyncExchange("apache5async", handler, true);
  }
}
