package dev.faramesh.interceptors.urlconnection;

import dev.faramesh.bootstrap.Faramesh;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code getInputStream0}, which every response accessor ends in: when it returns
 * (the response head arrived, after any redirects) or throws, the exchange is over and the
 * credential leases of its hop end.
 */
final class ResponseAdvice {

  private ResponseAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class)
  static void exit(@Advice.This Object connection) {
    Faramesh.urlConnectionDone(connection);
  }
}
