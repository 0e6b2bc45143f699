package dev.faramesh.bootstrap;

/**
 * Thrown where policy denied an action and the intercepted API declares no checked exception
 * that fits. It lives in the bootstrap loader so every class loader sees the same type. There is
 * deliberately no {@code (String)} constructor: JDK code that re-creates exceptions reflectively
 * then keeps this instance, with its rule id and reason, instead of a bare copy.
 */
public class FarameshDeniedException extends SecurityException implements Denial {

  private static final long serialVersionUID = 1L;

  private final String toolId;
  private final String target;
  private final String ruleId;
  private final String ruleRef;
  private final String reasonCode;
  private final String reason;

  public FarameshDeniedException(String toolId, String target, String ruleId, String ruleRef, String reasonCode,
      String reason) {
    super(DenialText.message(toolId, target, ruleId, ruleRef, reasonCode, reason));
    this.toolId = DenialText.orEmpty(toolId);
    this.target = DenialText.orEmpty(target);
    this.ruleId = DenialText.orEmpty(ruleId);
    this.ruleRef = DenialText.orEmpty(ruleRef);
    this.reasonCode = DenialText.orEmpty(reasonCode);
    this.reason = DenialText.orEmpty(reason);
  }

  @Override public String toolId() { return toolId; }
  @Override public String target() { return target; }
  @Override public String ruleId() { return ruleId; }
  @Override public String ruleRef() { return ruleRef; }
  @Override public String reasonCode() { return reasonCode; }
  @Override public String reason() { return reason; }
}
