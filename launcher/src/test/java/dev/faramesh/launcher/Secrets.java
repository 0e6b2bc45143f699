package dev.faramesh.launcher;

import java.security.SecureRandom;

/** Credential-shaped random values made at test time; no secret is ever committed. */
public final class Secrets {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  private Secrets() {}

  /** {@code prefix} and {@code length} random letters and digits. */
  public static String alnum(String prefix, int length) {
    StringBuilder sb = new StringBuilder(prefix);
    for (int i = 0; i < length; i++) {
      sb.append(ALNUM.charAt(RANDOM.nextInt(ALNUM.length())));
    }
    return sb.toString();
  }
}
