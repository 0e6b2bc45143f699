package dev.faramesh.agent.tool.springai;

import dev.faramesh.agent.reflect.Members;
import dev.faramesh.agent.tool.ToolAdapter;
import dev.faramesh.agent.tool.ToolArguments;
import dev.faramesh.agent.tool.mcp.McpTools;
import dev.faramesh.bootstrap.FarameshDeniedException;
import dev.faramesh.bootstrap.ToolCallRefusal;
import dev.faramesh.interceptors.ToolCall;

/**
 * Spring AI tool callbacks: the action is the callback's tool name ({@code getToolDefinition().name()})
 * with its JSON input. Spring AI's own MCP callbacks ({@code SyncMcpToolCallback},
 * {@code AsyncMcpToolCallback}) are named {@code mcp/<server>/<tool>} with the server's raw tool
 * name, exactly as a direct MCP client call is, so one rule covers both and the client call below
 * the callback is not decided a second time. A refusal is thrown as Spring AI's
 * {@code ToolExecutionException} whose cause is the {@link FarameshDeniedException} (a
 * {@code RuntimeException}, so 1.1+ processors hand its message to the model instead of rethrowing).
 */
public final class SpringAiTools implements ToolAdapter {

  private static final String EXCEPTION = "org.springframework.ai.tool.execution.ToolExecutionException";
  private static final String DEFINITION = "org.springframework.ai.tool.definition.ToolDefinition";

  @Override
  public String name() {
    return "spring-ai";
  }

  @Override
  public ToolCall describe(Object callback, Object input, Object context) throws ReflectiveOperationException {
    String json = input instanceof String ? (String) input : null;
    if (callback.getClass().getName().startsWith("org.springframework.ai.mcp.")) {
      Object client = mcpClient(callback);
      Object tool = Members.field(callback, "tool");
      if (client != null && tool != null) {
        return new ToolCall(McpTools.toolId(client, (String) Members.call(tool, "name")), ToolArguments.parse(json));
      }
    }
    Object definition = Members.call(callback, "getToolDefinition");
    return new ToolCall((String) Members.call(definition, "name"), ToolArguments.parse(json));
  }

  private static Object mcpClient(Object callback) {
    for (String field : new String[] {"mcpClient", "asyncMcpClient"}) {
      try {
        return Members.field(callback, field);
      } catch (ReflectiveOperationException e) {
        // the other name, depending on the Spring AI version
      }
    }
    return null;
  }

  @Override
  public ToolCallRefusal refuse(Object callback, Object input, Object context, FarameshDeniedException denial)
      throws ReflectiveOperationException {
    Object definition = Members.call(callback, "getToolDefinition");
    Class<?> exception = Members.type(callback, EXCEPTION);
    Class<?> definitionType = Members.type(callback, DEFINITION);
    Throwable thrown = (Throwable) exception.getConstructor(definitionType, Throwable.class)
        .newInstance(definition, denial);
    return ToolCallRefusal.throwing(thrown);
  }
}
