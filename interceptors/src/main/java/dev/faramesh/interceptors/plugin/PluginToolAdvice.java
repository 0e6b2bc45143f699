package dev.faramesh.interceptors.plugin;

import dev.faramesh.bootstrap.Faramesh;
import dev.faramesh.bootstrap.ToolCallRefusal;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * The agent's advice for every method a third-party plugin declares as a tool call: it passes the
 * method's signature, receiver and arguments to the bridge, and the agent asks the plugin what the
 * call is. Works for instance and static methods of any return type.
 */
public final class PluginToolAdvice {

  private PluginToolAdvice() {}

  @Advice.OnMethodEnter(skipOn = ToolCallRefusal.class, suppress = Throwable.class)
  static Object enter(@Advice.Origin("#t #m#d") String origin,
      @Advice.This(optional = true, typing = Assigner.Typing.DYNAMIC) Object target,
      @Advice.AllArguments Object[] arguments) {
    return Faramesh.toolCallEnter("plugin", origin, target, arguments);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(@Advice.Enter Object state,
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
      @Advice.Thrown(readOnly = false) Throwable thrown) {
    returned = Faramesh.toolCallExit(state, returned);
    thrown = Faramesh.toolCallThrown(state, thrown);
  }
}
