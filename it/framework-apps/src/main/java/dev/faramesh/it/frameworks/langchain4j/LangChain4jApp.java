package dev.faramesh.it.frameworks.langchain4j;

import dev.faramesh.it.frameworks.Calls;
import dev.faramesh.it.frameworks.CrmClient;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.service.tool.DefaultToolExecutor;
import dev.langchain4j.service.tool.ToolExecutor;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A LangChain4j {@code AiServices} support agent on OpenAI's API (the scripted server): {@code @Tool}
 * methods, a tool whose executor is a lambda (the pre-1.6 blind spot of type-based advice) and a
 * tool whose executor wraps another. After the loop it sends the CRM request of {@code fetch_crm}
 * once more, outside any tool call. Runs unchanged on LangChain4j 0.36 to 1.x: only the builder
 * method that takes the model changed its name, and it is called by reflection.
 *
 * <p>Arguments: the model's base URL ({@code http://127.0.0.1:P}), the CRM base URL, and optionally
 * the base URL of a host the CRM credential is not bound to, which {@code fetch_crm} also calls.
 */
public final class LangChain4jApp {

  private LangChain4jApp() {}

  public static void main(String[] args) {
    Calls.exiting(() -> run(args));
  }

  private static void run(String[] args) throws Exception {
    String baseUrl = args[0];
    String crmUrl = args[1];
    Object modelBuilder = Calls.callStatic("dev.langchain4j.model.openai.OpenAiChatModel", "builder");
    Calls.call(modelBuilder, "baseUrl", baseUrl + "/v1");
    Calls.call(modelBuilder, "apiKey", "sk-scripted");
    Calls.call(modelBuilder, "modelName", "gpt-4o-mini");
    Calls.call(modelBuilder, "maxRetries", 0);
    Object model = Calls.call(modelBuilder, "build");

    SupportTools tools = new SupportTools(crmUrl, args.length > 2 ? args[2] : null);
    Map<ToolSpecification, ToolExecutor> extra = new LinkedHashMap<>();
    ToolExecutor lambda = (request, memoryId) -> {
      System.out.println("TOOL lambda_tool ran " + request.arguments());
      return "lambda ran";
    };
    extra.put(ToolSpecification.builder().name("lambda_tool").description("A tool implemented by a lambda").build(),
        lambda);
    Method lookup = SupportTools.class.getMethod("lookupCustomer", String.class);
    extra.put(ToolSpecification.builder().name("wrapped_lookup").description("Looks a customer up, audited").build(),
        new AuditingExecutor(new DefaultToolExecutor(tools, lookup)));

    Object builder = Calls.callStatic("dev.langchain4j.service.AiServices", "builder", Assistant.class);
    Calls.call(builder, Calls.has(builder, "chatModel") ? "chatModel" : "chatLanguageModel", model);
    Calls.call(builder, "tools", (Object) new Object[] {tools});
    Calls.call(builder, "tools", extra);
    Assistant assistant = (Assistant) Calls.call(builder, "build");

    String answer = assistant.chat("Help customer 42 with a refund");
    System.out.println("ANSWER " + answer);
    // the very request fetch_crm made, sent again now that no tool call is running
    System.out.println("OUTSIDE " + CrmClient.get(crmUrl + "/crm/1"));
    System.out.println("APP DONE");
  }

  /** An executor that wraps another, as tracing and auditing libraries do. */
  static final class AuditingExecutor implements ToolExecutor {
    private final ToolExecutor inner;

    AuditingExecutor(ToolExecutor inner) {
      this.inner = inner;
    }

    @Override
    public String execute(ToolExecutionRequest request, Object memoryId) {
      System.out.println("AUDIT " + request.name());
      return inner.execute(request, memoryId);
    }
  }
}
