package dev.faramesh.it.frameworks.langchain4j;

/** The AI service interface: one user message in, the model's final answer out. */
public interface Assistant {
  String chat(String message);
}
