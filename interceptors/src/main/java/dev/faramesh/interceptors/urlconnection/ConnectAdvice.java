package dev.faramesh.interceptors.urlconnection;

import dev.faramesh.bootstrap.Faramesh;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code plainConnect0}: decides the hop before the socket is opened. */
final class ConnectAdvice {

  private ConnectAdvice() {}

  @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
  static Throwable enter(@Advice.This Object connection) {
    return Faramesh.urlConnectionConnect(connection);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class)
  static void exit(@Advice.This Object connection, @Advice.Enter Throwable denial,
      @Advice.Thrown(readOnly = false) Throwable thrown) {
    if (denial != null) {
      thrown = denial;
    }
    Faramesh.urlConnectionConnected(connection, thrown);
  }
}
