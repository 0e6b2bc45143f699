package dev.faramesh.bootstrap;

import java.io.IOException;

/**
 * Thrown where policy denied an action and the intercepted API declares {@link IOException}
 * ({@code HttpClient.send}, {@code HttpURLConnection}, {@code ProcessBuilder.start}), so the
 * application's existing network and process error handling keeps working. It carries the same
 * rule id, reason code and reason as {@link FarameshDeniedException}. There is deliberately no
 * {@code (String)} constructor (see there).
 */
public class FarameshDeniedIOException extends IOException implements Denial {

  private static final long serialVersionUID = 1L;

  private final String toolId;
  private final String target;
  private final String ruleId;
  private final String ruleRef;
  private final String reasonCode;
  private final String reason;

  public FarameshDeniedIOException(String toolId, String target, String ruleId, String ruleRef, String reasonCode,
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
