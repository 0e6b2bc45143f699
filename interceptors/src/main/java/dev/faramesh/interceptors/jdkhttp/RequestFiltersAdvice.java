package dev.faramesh.interceptors.jdkhttp;

import dev.faramesh.bootstrap.Faramesh;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code MultiExchange.requestFilters}, which runs once for each hop (the first
 * request and every redirect) before the exchange connects; a denial fails the exchange with an
 * {@code IOException}.
 */
final class RequestFiltersAdvice {

  private RequestFiltersAdvice() {}

  @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
  static Throwable enter(@Advice.FieldValue("userRequest") Object userRequest,
      @Advice.FieldValue("previousreq") Object previous, @Advice.Argument(0) Object request) {
    return Faramesh.httpClientHop(userRequest, previous, request);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class)
  static void exit(@Advice.Enter Throwable denial, @Advice.Thrown(readOnly = false) Throwable thrown) {
    if (denial != null) {
      thrown = denial;
    }
  }
}
