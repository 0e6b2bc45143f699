package dev.faramesh.bootstrap;

/**
 * The per-thread recursion guard. While a thread is inside the agent (deciding, writing a DPR,
 * reading configuration, talking to a backend), every interception point it hits passes through
 * untouched, so nothing the agent does itself is intercepted. The thread-local lives in the
 * bootstrap loader and holds only {@link Boolean}, so it cannot pin any class loader.
 */
final class CallGuard {

  private static final ThreadLocal<Boolean> INSIDE = new ThreadLocal<Boolean>();

  private CallGuard() {}

  /** Marks the thread as inside the agent; {@code false} when it already was (do not intercept). */
  static boolean enter() {
    if (INSIDE.get() != null) {
      return false;
    }
    INSIDE.set(Boolean.TRUE);
    return true;
  }

  static void exit() {
    INSIDE.remove();
  }

  static boolean inside() {
    return INSIDE.get() != null;
  }
}
