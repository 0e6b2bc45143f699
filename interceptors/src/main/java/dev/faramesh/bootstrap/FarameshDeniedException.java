package dev.faramesh.bootstrap;

/**
 * Thrown where policy denied an action and the intercepted API declares no checked exception
 * that fits. It lives in the bootstrap loader so every class loader sees the same type. There is
 * deliberately no {@code (String)} constructor: JDK code that re-creates exceptions reflectively
 * then keeps this instance, with its rule id and reason, instead of a bare copy.
 */
public class FarameshDeniedException extends SecurityException implements Denial {

  private static final long serialVersionUID = 1L;

  private final DenialDetails details;

  public FarameshDeniedException(String toolId, String target, String ruleId, String ruleRef, String reasonCode,
      String reason) {
    this(new DenialDetails(toolId, target, ruleId, ruleRef, reasonCode, reason));
  }

  private FarameshDeniedException(DenialDetails details) {
    super(details.message());
    this.details = details;
  }

  @Override public String toolId() { return details.toolId; }
  @Override public String target() { return details.target; }
  @Override public String ruleId() { return details.ruleId; }
  @Override public String ruleRef() { return details.ruleRef; }
  @Override public String reasonCode() { return details.reasonCode; }
  @Override public String reason() { return details.reason; }
}
