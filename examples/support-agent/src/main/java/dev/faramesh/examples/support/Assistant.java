package dev.faramesh.examples.support;

/** The LangChain4j AI service: one customer request in, the agent's final answer out. */
public interface Assistant {
  String chat(String message);
}
