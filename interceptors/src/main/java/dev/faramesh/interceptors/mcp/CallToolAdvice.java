package dev.faramesh.interceptors.mcp;

import dev.faramesh.bootstrap.Faramesh;
import dev.faramesh.bootstrap.ToolCallRefusal;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** Inlined into {@code McpAsyncClient.callTool}: a refusal becomes a {@code Mono} of an error result. */
final class CallToolAdvice {

  private CallToolAdvice() {}

  @Advice.OnMethodEnter(skipOn = ToolCallRefusal.class, suppress = Throwable.class)
  static Object enter(@Advice.This Object client, @Advice.Argument(0) Object request) {
    return Faramesh.toolCallEnter("mcp.callTool", client, request, null);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(@Advice.Enter Object state,
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
      @Advice.Thrown(readOnly = false) Throwable thrown) {
    returned = Faramesh.toolCallExit(state, returned);
    thrown = Faramesh.toolCallThrown(state, thrown);
  }
}
