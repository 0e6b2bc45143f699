package dev.faramesh.agent.tool;

import dev.faramesh.bootstrap.FarameshDeniedException;
import dev.faramesh.bootstrap.ToolCallRefusal;
import dev.faramesh.interceptors.ToolCall;

/**
 * What the agent knows about one framework's tool calls: how to read the tool id and arguments
 * from the intercepted objects, and how to answer a refused call in the framework's own terms.
 * Implementations use reflection only; the objects come from the application's class loader.
 */
public interface ToolAdapter {

  /** The adapter name recorded in DPRs ({@code langchain4j}, {@code spring-ai}, {@code mcp}). */
  String name();

  /** The call as the policy sees it, or {@code null} when it is not a tool call to decide. */
  ToolCall describe(Object target, Object arg0, Object arg1) throws ReflectiveOperationException;

  /**
   * What the refused call returns or throws; {@code denial} names the rule and the reason (its
   * message is what the model should read).
   */
  ToolCallRefusal refuse(Object target, Object arg0, Object arg1, FarameshDeniedException denial)
      throws ReflectiveOperationException;
}
