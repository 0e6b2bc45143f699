package dev.faramesh.interceptors.springai;

import dev.faramesh.interceptors.Hook;
import dev.faramesh.interceptors.InterceptorPlugin;
import java.util.List;

/**
 * Spring AI tool callbacks, 1.0 to 2.0: advice into {@code ToolCallback} and every
 * implementation ({@code MethodToolCallback}, {@code FunctionToolCallback}, the MCP callbacks,
 * applications' own) on {@code call(String)} and {@code call(String, ToolContext)}, including the
 * interface's default. A refusal is thrown as Spring AI's {@code ToolExecutionException}, which
 * {@code DefaultToolCallingManager} hands to the application's {@code ToolExecutionExceptionProcessor}.
 */
public final class SpringAiInterceptor implements InterceptorPlugin {

  private static final String PACKAGE = SpringAiInterceptor.class.getPackageName();
  private static final String CALLBACK = "org.springframework.ai.tool.ToolCallback";

  @Override
  public String name() {
    return "spring-ai";
  }

  @Override
  public List<Hook> hooks() {
    return List.of(
        Hook.subtypes(CALLBACK, "call", "(Ljava/lang/String;)Ljava/lang/String;", PACKAGE + ".CallAdvice"),
        Hook.subtypes(CALLBACK, "call", "(Ljava/lang/String;Lorg/springframework/ai/chat/model/ToolContext;)"
            + "Ljava/lang/String;", PACKAGE + ".CallWithContextAdvice"));
  }
}
