package dev.faramesh.bootstrap;

/**
 * A tool call in progress on this thread, from the enter advice of the intercepted method to its
 * exit advice. Only the outermost intercepted frame of a call is decided and holds the agent's
 * handle (the credential lease of a permitted call); frames of wrappers below it share
 * {@link #NESTED} and are neither decided nor recorded.
 */
public final class ToolCallScope {

  static final ToolCallScope NESTED = new ToolCallScope(null, false);

  final Object handle;
  final boolean outermost;

  ToolCallScope(Object handle, boolean outermost) {
    this.handle = handle;
    this.outermost = outermost;
  }
}
