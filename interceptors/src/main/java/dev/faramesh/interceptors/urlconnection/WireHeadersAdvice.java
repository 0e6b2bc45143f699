package dev.faramesh.interceptors.urlconnection;

import dev.faramesh.bootstrap.Faramesh;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into {@code sun.net.www.http.HttpClient.writeRequests}: the head written to the socket
 * is replaced by the bridge's copy ({@code MessageHeader} is not exported, hence dynamic typing).
 */
final class WireHeadersAdvice {

  private WireHeadersAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static void enter(@Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object head) {
    head = Faramesh.urlConnectionWireHeaders(head);
  }
}
