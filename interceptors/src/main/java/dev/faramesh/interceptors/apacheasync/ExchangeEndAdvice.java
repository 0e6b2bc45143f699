package dev.faramesh.interceptors.apacheasync;

import dev.faramesh.bootstrap.Faramesh;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into the async exec runtime's {@code execute}: the exchange handler the agent returns
 * ends the hop's credential leases when the exchange is over (nothing is decided there).
 */
final class ExchangeEndAdvice {

  private ExchangeEndAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static void enter(@Advice.Argument(value = 1, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object handler) {
    handler = Faramesh.httpAsyncExchange("apache5async", handler, false);
  }
}
