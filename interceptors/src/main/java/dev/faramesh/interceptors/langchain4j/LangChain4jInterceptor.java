package dev.faramesh.interceptors.langchain4j;

import dev.faramesh.interceptors.CallSite;
import dev.faramesh.interceptors.Hook;
import dev.faramesh.interceptors.InterceptorPlugin;
import java.util.ArrayList;
import java.util.List;

/**
 * LangChain4j tool execution, 0.28 to 1.x. Advice goes into {@code ToolExecutor} (both package
 * names: {@code dev.langchain4j.agent.tool} up to 0.32, {@code dev.langchain4j.service.tool} from
 * 0.33) and every implementation: {@code execute(request, memoryId)} and, from 1.6,
 * {@code executeWithContext(request, context)}, including the interface's default method that
 * lambda executors inherit. Before 1.6 the loop calls {@code execute} directly, which a lambda
 * executor implements in a hidden class no transformer sees, so LangChain4j's own call sites under
 * {@code dev.langchain4j.service} are rerouted through the bridge. A refusal is returned, never
 * thrown: an exception from an executor crashes the AI service call on 0.x to 1.8.
 */
public final class LangChain4jInterceptor implements InterceptorPlugin {

  private static final String PACKAGE = LangChain4jInterceptor.class.getPackageName();
  private static final List<String> EXECUTORS = List.of("dev.langchain4j.service.tool.ToolExecutor",
      "dev.langchain4j.agent.tool.ToolExecutor");
  private static final String EXECUTE = "(Ldev/langchain4j/agent/tool/ToolExecutionRequest;Ljava/lang/Object;)"
      + "Ljava/lang/String;";
  private static final String EXECUTE_WITH_CONTEXT = "(Ldev/langchain4j/agent/tool/ToolExecutionRequest;"
      + "Ldev/langchain4j/invocation/InvocationContext;)Ldev/langchain4j/service/tool/ToolExecutionResult;";

  @Override
  public String name() {
    return "langchain4j";
  }

  @Override
  public List<Hook> hooks() {
    List<Hook> hooks = new ArrayList<>();
    for (String executor : EXECUTORS) {
      hooks.add(Hook.subtypes(executor, "execute", EXECUTE, PACKAGE + ".ExecuteAdvice"));
      hooks.add(Hook.subtypes(executor, "executeWithContext", EXECUTE_WITH_CONTEXT,
          PACKAGE + ".ExecuteWithContextAdvice"));
    }
    return hooks;
  }

  @Override
  public List<CallSite> callSites() {
    List<CallSite> sites = new ArrayList<>();
    for (String executor : EXECUTORS) {
      sites.add(new CallSite("dev/langchain4j/service/", executor.replace('.', '/'), "execute", EXECUTE,
          "dev/faramesh/bootstrap/Faramesh", "toolExecutorCall",
          "(Ljava/lang/Object;Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/String;"));
    }
    return sites;
  }
}
