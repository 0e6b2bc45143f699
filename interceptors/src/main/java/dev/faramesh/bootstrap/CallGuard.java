package dev.faramesh.bootstrap;

/**
 * The per-thread recursion guard. While a thread is inside the agent (deciding, writing a DPR,
 * reading configuration, talking to a backend), every interception point it hits passes through
 * untouched, so nothing the agent does itself is intercepted. Each thread keeps one flag array for
 * its lifetime, so entering and leaving costs a thread-local read and no allocation; the array is a
 * bootstrap type and cannot pin any class loader.
 */
final class CallGuard {

  private static final ThreadLocal<boolean[]> INSIDE = new ThreadLocal<boolean[]>() {
    @Override
    protected boolean[] initialValue() {
      return new boolean[1];
    }
  };

  private CallGuard() {}

  /** Marks the thread as inside the agent; {@code false} when it already was (do not intercept). */
  static boolean enter() {
    boolean[] inside = INSIDE.get();
    if (inside[0]) {
      return false;
    }
    inside[0] = true;
    return true;
  }

  static void exit() {
    INSIDE.get()[0] = false;
  }

  static boolean inside() {
    return INSIDE.get()[0];
  }
}
