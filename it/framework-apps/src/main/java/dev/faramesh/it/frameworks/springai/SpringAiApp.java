package dev.faramesh.it.frameworks.springai;

import dev.faramesh.it.frameworks.Calls;
import dev.faramesh.it.frameworks.mcp.McpClients;
import io.modelcontextprotocol.client.McpSyncClient;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.mcp.McpToolUtils;
import org.springframework.ai.model.tool.ToolCallingManager;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.execution.ToolExecutionException;
import org.springframework.ai.tool.execution.ToolExecutionExceptionProcessor;
import org.springframework.ai.tool.definition.ToolDefinition;

/**
 * A Spring AI {@code ChatClient} agent on OpenAI's API (the scripted server) with {@code @Tool}
 * methods, a hand-written {@code ToolCallback}, and the tools of a stdio MCP server exposed through
 * Spring AI's own MCP callbacks (so each MCP call passes the callback and then the MCP client). The
 * model is built the 1.x way ({@code OpenAiApi}) or the 2.x way ({@code OpenAiChatOptions} with a
 * base URL, openai-java underneath), whichever the version on the class path offers.
 *
 * <p>Arguments: the model's base URL, then the MCP server command; {@code -Dcrm.url=} the CRM's base URL.
 */
public final class SpringAiApp {

  private SpringAiApp() {}

  public static void main(String[] args) {
    Calls.exiting(() -> run(args));
  }

  private static void run(String[] args) throws Exception {
    ToolCallingManager manager = ToolCallingManager.builder()
        .toolExecutionExceptionProcessor(new AppProcessor()).build();
    ChatModel model = model(args[0], manager);
    McpSyncClient mcp = McpClients.stdio(Arrays.asList(args).subList(1, args.length));
    List<ToolCallback> callbacks = new ArrayList<>(McpToolUtils.getToolCallbacksFromSyncClients(mcp));
    callbacks.add(new ExportCallback());
    for (ToolCallback c : callbacks) {
      System.out.println("CALLBACK " + c.getToolDefinition().name());
    }
    String answer = client(model, manager).prompt().user("Help customer 42")
        .tools(new SupportTools(System.getProperty("crm.url"))).toolCallbacks(callbacks).call().content();
    System.out.println("ANSWER " + answer);
    // the very request fetch_crm made, sent again now that no tool call is running
    System.out.println("OUTSIDE " + dev.faramesh.it.frameworks.CrmClient.get(System.getProperty("crm.url") + "/crm/1"));
    mcp.closeGracefully();
    System.out.println("APP DONE");
  }

  /**
   * The app's own exception processor: what Spring AI does with a {@code ToolExecutionException},
   * here marking the text so the test sees the processor applied.
   */
  static final class AppProcessor implements ToolExecutionExceptionProcessor {
    @Override
    public String process(ToolExecutionException exception) {
      System.out.println("PROCESSOR " + exception.getToolDefinition().name() + " "
          + exception.getCause().getClass().getName());
      return "app processor: " + exception.getMessage();
    }
  }

  /** 1.x: the model runs the tools; 2.x: ChatClient's ToolCallingAdvisor does. Both with {@code manager}. */
  private static ChatClient client(ChatModel model, ToolCallingManager manager) throws Exception {
    Class<?> advisor;
    try {
      advisor = Class.forName("org.springframework.ai.chat.client.advisor.ToolCallingAdvisor");
    } catch (ClassNotFoundException e) {
      return ChatClient.create(model);
    }
    for (java.lang.reflect.Method m : ChatClient.class.getMethods()) {
      if (m.getName().equals("builder") && m.getParameterCount() == 5) {
        Object advisorBuilder = Calls.callStatic(advisor.getName(), "builder");
        Calls.call(advisorBuilder, "toolCallingManager", manager);
        ChatClient.Builder b = (ChatClient.Builder) m.invoke(null, model,
            io.micrometer.observation.ObservationRegistry.NOOP, null, null, advisorBuilder);
        return b.build();
      }
    }
    return ChatClient.create(model);
  }

  private static ChatModel model(String baseUrl, ToolCallingManager manager) {
    Object builder = Calls.callStatic("org.springframework.ai.openai.OpenAiChatModel", "builder");
    Object options = Calls.callStatic("org.springframework.ai.openai.OpenAiChatOptions", "builder");
    Calls.call(options, "model", "gpt-4o-mini");
    if (Calls.has(builder, "openAiApi")) {
      Object api = Calls.callStatic("org.springframework.ai.openai.api.OpenAiApi", "builder");
      Calls.call(api, "baseUrl", baseUrl);
      Calls.call(api, "apiKey", "sk-scripted");
      Calls.call(builder, "openAiApi", Calls.call(api, "build"));
      Calls.call(builder, "defaultOptions", Calls.call(options, "build"));
      Calls.call(builder, "toolCallingManager", manager);
    } else {
      Calls.call(options, "baseUrl", baseUrl + "/v1");
      Calls.call(options, "apiKey", "sk-scripted");
      Calls.call(options, "maxRetries", 0);
      Calls.call(builder, "options", Calls.call(options, "build"));
    }
    return (ChatModel) Calls.call(builder, "build");
  }

  /** A callback written by hand, as applications do for tools that are not annotated methods. */
  static final class ExportCallback implements ToolCallback {
    @Override
    public ToolDefinition getToolDefinition() {
      return ToolDefinition.builder().name("export_data").description("Exports a table")
          .inputSchema("{\"type\":\"object\",\"properties\":{\"table\":{\"type\":\"string\"}}}").build();
    }

    @Override
    public String call(String toolInput) {
      System.out.println("TOOL export_data ran " + toolInput);
      return "exported";
    }
  }
}
