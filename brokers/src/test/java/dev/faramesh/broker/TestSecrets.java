package dev.faramesh.broker;

import java.security.SecureRandom;

/** Random credential-shaped values made at test time, so no secret is ever committed. */
public final class TestSecrets {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  private TestSecrets() {}

  public static String random(String prefix, int length, String alphabet) {
    StringBuilder sb = new StringBuilder(prefix);
    for (int i = 0; i < length; i++) {
      sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return sb.toString();
  }

  public static String alnum(String prefix, int length) {
    return random(prefix, length, ALNUM);
  }
}
