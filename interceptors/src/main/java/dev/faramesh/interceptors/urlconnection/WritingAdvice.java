package dev.faramesh.interceptors.urlconnection;

import dev.faramesh.bootstrap.Faramesh;
import net.bytebuddy.asm.Advice;

/** Inlined into the connection's private {@code writeRequests()}: marks who is writing. */
final class WritingAdvice {

  private WritingAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static void enter(@Advice.This Object connection) {
    Faramesh.urlConnectionWriting(connection, true);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(@Advice.This Object connection) {
    Faramesh.urlConnectionWriting(connection, false);
  }
}
