package dev.faramesh.interceptors.springai;

import dev.faramesh.bootstrap.Faramesh;
import dev.faramesh.bootstrap.ToolCallRefusal;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** Inlined into {@code ToolCallback.call(String, ToolContext)}, the method Spring AI's loop calls. */
final class CallWithContextAdvice {

  private CallWithContextAdvice() {}

  @Advice.OnMethodEnter(skipOn = ToolCallRefusal.class, suppress = Throwable.class)
  static Object enter(@Advice.This Object callback, @Advice.Argument(0) Object input,
      @Advice.Argument(1) Object context) {
    return Faramesh.toolCallEnter("springai.call", callback, input, context);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(@Advice.Enter Object state,
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
      @Advice.Thrown(readOnly = false) Throwable thrown) {
    returned = Faramesh.toolCallExit(state, returned);
    thrown = Faramesh.toolCallThrown(state, thrown);
  }
}
