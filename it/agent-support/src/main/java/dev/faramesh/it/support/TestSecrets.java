package dev.faramesh.it.support;

import java.security.SecureRandom;

/** Credential-shaped random values made at test time; no secret is ever committed. */
public final class TestSecrets {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  private TestSecrets() {}

  /** {@code prefix} followed by {@code length} random letters and digits. */
  public static String random(String prefix, int length) {
    StringBuilder sb = new StringBuilder(prefix);
    for (int i = 0; i < length; i++) {
      sb.append(ALNUM.charAt(RANDOM.nextInt(ALNUM.length())));
    }
    return sb.toString();
  }
}
