package dev.faramesh.interceptors;

import java.util.List;
import net.bytebuddy.agent.builder.AgentBuilder;

/**
 * One interception target: the types it transforms and the advice it applies. Implementations
 * are listed in {@code META-INF/services/dev.faramesh.interceptors.InterceptorPlugin} and found
 * with {@link java.util.ServiceLoader}; each lives in its own package
 * {@code dev.faramesh.interceptors.<target>} together with its advice classes. Advice contains no
 * logic: it gathers arguments and calls {@code dev.faramesh.bootstrap.Faramesh}, and it is
 * referenced by class name so that the agent's own loader never loads it.
 */
public interface InterceptorPlugin {

  /** A short name for logs and for switching the plugin off ({@code jdk-httpclient}). */
  String name();

  /**
   * The exact names of the types this plugin transforms. The agent ignores every other type by
   * name before Byte Buddy parses anything, and retransforms those of them already loaded.
   */
  List<String> typeNames();

  /**
   * Adds this plugin's transformations to {@code builder}. {@code adviceLoader} is the loader
   * the advice class files are read from; pass it to
   * {@link AgentBuilder.Transformer.ForAdvice#include(ClassLoader...)}.
   */
  AgentBuilder extend(AgentBuilder builder, ClassLoader adviceLoader);
}
