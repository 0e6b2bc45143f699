package dev.faramesh.bootstrap;

/**
 * How many intercepted tool-call frames are open on this thread, across every framework: a
 * LangChain4j executor wrapping another, a Spring AI callback calling an MCP client, an MCP client
 * whose sync facade calls its async one. Only the outermost frame is decided, so each tool call
 * gets exactly one decision whatever is stacked. One counter per thread for its lifetime, a
 * bootstrap type that cannot pin a class loader.
 */
final class ToolDepth {

  private static final ThreadLocal<int[]> DEPTH = new ThreadLocal<int[]>() {
    @Override
    protected int[] initialValue() {
      return new int[1];
    }
  };

  private ToolDepth() {}

  /** Opens a frame; {@code true} when it is the outermost one. */
  static boolean enter() {
    int[] d = DEPTH.get();
    d[0]++;
    return d[0] == 1;
  }

  static void exit() {
    int[] d = DEPTH.get();
    if (d[0] > 0) {
      d[0]--;
    }
  }

  static int depth() {
    return DEPTH.get()[0];
  }
}
