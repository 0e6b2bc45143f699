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

  private final DenialDetails details;

  public FarameshDeniedIOException(String toolId, String target, String ruleId, String ruleRef, String reasonCode,
      String reason) {
    this(new DenialDetails(toolId, target, ruleId, ruleRef, reasonCode, reason));
  }

  private FarameshDeniedIOException(DenialDetails details) {
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
