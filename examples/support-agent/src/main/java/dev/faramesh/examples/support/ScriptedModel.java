package dev.faramesh.examples.support;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.util.List;

/**
 * The built-in model the example talks to when no OpenAI key is given: it runs in process (no
 * network) and asks for a fixed list of tool calls, one per turn, then answers. It prints what it
 * was told each call returned, which is exactly what a real model would see, denials included.
 */
final class ScriptedModel implements ChatModel {

  record Call(String tool, String arguments) {}

  private final List<Call> script;

  ScriptedModel(List<Call> script) {
    this.script = List.copyOf(script);
  }

  @Override
  public ChatResponse doChat(ChatRequest request) {
    List<ChatMessage> messages = request.messages();
    int done = 0;
    for (ChatMessage m : messages) {
      if (m instanceof ToolExecutionResultMessage) {
        done++;
      }
    }
    if (done > 0 && messages.get(messages.size() - 1) instanceof ToolExecutionResultMessage r) {
      System.out.println("  model was told: " + oneLine(r.text()));
    }
    if (done < script.size()) {
      Call next = script.get(done);
      System.out.println("model asks for " + next.tool() + " " + next.arguments());
      return ChatResponse.builder().aiMessage(AiMessage.from(ToolExecutionRequest.builder()
          .id("call_" + (done + 1)).name(next.tool()).arguments(next.arguments()).build())).build();
    }
    return ChatResponse.builder()
        .aiMessage(AiMessage.from("Customer 42 was refunded $150; larger refunds need a support lead.")).build();
  }

  private static String oneLine(String s) {
    String t = s == null ? "" : s.replaceAll("\\s+", " ").trim();
    return t.length() > 160 ? t.substring(0, 157) + "..." : t;
  }
}
