package dev.faramesh.agent.tool.langchain4j;

import dev.faramesh.agent.reflect.Members;
import dev.faramesh.agent.tool.ToolAdapter;
import dev.faramesh.agent.tool.ToolArguments;
import dev.faramesh.bootstrap.FarameshDeniedException;
import dev.faramesh.bootstrap.ToolCallRefusal;
import dev.faramesh.interceptors.ToolCall;

/**
 * LangChain4j tool calls: the action is the tool's name ({@code ToolExecutionRequest.name()}) with
 * its JSON arguments. A refusal is returned, never thrown (an exception from an executor fails the
 * whole AI service call on several versions): the denial text from {@code execute}, and from
 * {@code executeWithContext} (1.6+) a {@code ToolExecutionResult} with {@code isError} set. The model
 * receives the text either way and the application goes on.
 */
public final class LangChain4jTools implements ToolAdapter {

  private static final String RESULT = "dev.langchain4j.service.tool.ToolExecutionResult";

  private final boolean withContext;

  private LangChain4jTools(boolean withContext) {
    this.withContext = withContext;
  }

  /** For {@code execute(request, memoryId)} and the rerouted call sites. */
  public static LangChain4jTools execute() {
    return new LangChain4jTools(false);
  }

  /** For {@code executeWithContext(request, context)}. */
  public static LangChain4jTools executeWithContext() {
    return new LangChain4jTools(true);
  }

  @Override
  public String name() {
    return "langchain4j";
  }

  @Override
  public ToolCall describe(Object executor, Object request, Object memoryOrContext) throws ReflectiveOperationException {
    if (request == null) {
      return null;
    }
    String tool = (String) Members.call(request, "name");
    String arguments = (String) Members.call(request, "arguments");
    return new ToolCall(tool, ToolArguments.parse(arguments));
  }

  @Override
  public ToolCallRefusal refuse(Object executor, Object request, Object memoryOrContext,
      FarameshDeniedException denial)
      throws ReflectiveOperationException {
    if (!withContext) {
      return ToolCallRefusal.returning(denial.getMessage());
    }
    Object builder = Members.callStatic(Members.type(executor, RESULT), "builder");
    Members.call(builder, "isError", true);
    Members.call(builder, "resultText", denial.getMessage());
    return ToolCallRefusal.returning(Members.call(builder, "build"));
  }
}
