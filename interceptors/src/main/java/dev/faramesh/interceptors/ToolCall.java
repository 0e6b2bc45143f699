package dev.faramesh.interceptors;

import java.util.Map;

/**
 * An intercepted call as the policy sees it: the tool id the rules match ({@code refund_payment},
 * {@code crm/customers/read}) and its arguments, a JSON-shaped map (strings, numbers, booleans,
 * lists, maps) that conditions such as {@code amount > 500} read.
 */
public record ToolCall(String toolId, Map<String, Object> args) {

  public ToolCall {
    if (toolId == null || toolId.isBlank()) {
      throw new IllegalArgumentException("a tool call needs a tool id");
    }
    args = args == null ? Map.of() : args;
  }
}
