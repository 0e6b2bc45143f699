package dev.faramesh.interceptors.langchain4j;

import dev.faramesh.bootstrap.Faramesh;
import dev.faramesh.bootstrap.ToolCallRefusal;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** Inlined into {@code ToolExecutor.execute(request, memoryId)}: a refusal becomes the returned text. */
final class ExecuteAdvice {

  private ExecuteAdvice() {}

  @Advice.OnMethodEnter(skipOn = ToolCallRefusal.class, suppress = Throwable.class)
  static Object enter(@Advice.This Object executor, @Advice.Argument(0) Object request,
      @Advice.Argument(1) Object memoryId) {
    return Faramesh.toolCallEnter("langchain4j.execute", executor, request, memoryId);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(@Advice.Enter Object state,
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
      @Advice.Thrown(readOnly = false) Throwable thrown) {
    returned = Faramesh.toolCallExit(state, returned);
    thrown = Faramesh.toolCallThrown(state, thrown);
  }
}
