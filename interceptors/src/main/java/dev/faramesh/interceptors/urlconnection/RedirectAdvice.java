package dev.faramesh.interceptors.urlconnection;

import dev.faramesh.bootstrap.Faramesh;
import java.net.URL;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code followRedirect0}: decides the redirect target before anything is sent. */
final class RedirectAdvice {

  private RedirectAdvice() {}

  @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
  static Throwable enter(@Advice.This Object connection, @Advice.Argument(1) int status,
      @Advice.Argument(2) URL location) {
    return Faramesh.urlConnectionRedirect(connection, status, location);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class)
  static void exit(@Advice.Enter Throwable denial, @Advice.Thrown(readOnly = false) Throwable thrown) {
    if (denial != null) {
      thrown = denial;
    }
  }
}
