package dev.faramesh.bootstrap;

/**
 * A refused tool call as the framework must see it: either a value the intercepted method returns
 * instead of running (LangChain4j's error text or {@code ToolExecutionResult}, MCP's {@code isError}
 * result) or an exception it throws (Spring AI's {@code ToolExecutionException}). The agent builds
 * it with the framework's own types; advice only hands it back. Third-party plugins build one with
 * {@link #returning} or {@link #throwing}.
 */
public final class ToolCallRefusal {

  private final Object value;
  private final Throwable thrown;

  private ToolCallRefusal(Object value, Throwable thrown) {
    this.value = value;
    this.thrown = thrown;
  }

  /** The intercepted method returns {@code value} without running. */
  public static ToolCallRefusal returning(Object value) {
    return new ToolCallRefusal(value, null);
  }

  /** The intercepted method throws {@code thrown} without running. */
  public static ToolCallRefusal throwing(Throwable thrown) {
    if (thrown == null) {
      throw new IllegalArgumentException("thrown");
    }
    return new ToolCallRefusal(null, thrown);
  }

  public Object value() {
    return value;
  }

  /** The exception to throw, or {@code null} when the refusal is a returned value. */
  public Throwable thrown() {
    return thrown;
  }
}
