package dev.faramesh.interceptors;

/**
 * A tool-call method a third-party {@link InterceptorPlugin} declares: the type (binary name), the
 * method by name and JVM descriptor ({@code null} for every overload), and whether subtypes that
 * declare the method with code are covered too. The agent puts its own advice there; each call
 * reaches the plugin's {@link InterceptorPlugin#toolCall} to be named and, when refused, its
 * {@link InterceptorPlugin#refusal} to be answered.
 */
public record ToolHook(String typeName, String methodName, String descriptor, boolean subtypes) {

  /** The {@link Hook} that carries the agent's generic tool-call advice to this method. */
  public Hook hook(String adviceClass) {
    return new Hook(typeName, methodName, descriptor, adviceClass, subtypes, subtypes);
  }
}
