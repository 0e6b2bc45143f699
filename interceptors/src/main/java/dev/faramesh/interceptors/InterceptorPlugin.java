package dev.faramesh.interceptors;

import java.util.List;

/**
 * One interception target: the {@link Hook}s that put its advice into the target's methods.
 * Implementations are listed in {@code META-INF/services/dev.faramesh.interceptors.InterceptorPlugin}
 * and found with {@link java.util.ServiceLoader}; each lives in its own package
 * {@code dev.faramesh.interceptors.<target>} together with its advice classes. Advice contains no
 * logic: it gathers arguments and calls {@code dev.faramesh.bootstrap.Faramesh}. The agent weaves
 * hooks by exact type name, so every other class load costs it one hash lookup.
 */
public interface InterceptorPlugin {

  /** A short name for logs and for switching the plugin off ({@code jdk-httpclient}). */
  String name();

  /** The advice this plugin inlines, at most a few hooks per type. */
  List<Hook> hooks();
}
