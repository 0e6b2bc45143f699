package dev.faramesh.broker;

import java.security.SecureRandom;
import java.util.List;

/**
 * Makes the placeholder an application sees instead of a credential: a fresh random token per run
 * and credential, drawn from {@link SecureRandom} with at least 128 bits of entropy, that keeps
 * the harmless, public format prefix of the real value ({@code sk-}, {@code ghp_}, {@code AKIA},
 * ...) and its alphabet where SDKs check them, and the real length when that leaves enough room
 * for the entropy. No character of the secret part of the real value is ever copied.
 */
public final class Placeholders {

  /** Published key-format prefixes, longest first so the most specific one wins. */
  private static final List<String> PREFIXES = List.of(
      "sk-ant-api03-", "github_pat_", "sk-or-v1-", "sk-proj-", "sk-svcacct-", "sk-admin-", "lin_api_",
      "sk_live_", "sk_test_", "rk_live_", "rk_test_", "pk_live_", "pk_test_", "whsec_", "dop_v1_", "shpat_",
      "sk-ant-", "sq0atp-", "glpat-", "xoxb-", "xoxp-", "xoxa-", "xapp-", "pypi-", "ghp_", "gho_", "ghu_",
      "ghs_", "ghr_", "npm_", "AKIA", "ASIA", "AIza", "ya29.", "hf_", "sk-", "SG.");

  private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private static final String HEX_LOWER = "0123456789abcdef";
  private static final String HEX_UPPER = "0123456789ABCDEF";
  private static final String UPPER_ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  private static final int MIN_BITS = 128;

  private final SecureRandom random;

  public Placeholders(SecureRandom random) {
    this.random = random;
  }

  /**
   * A new placeholder for a credential whose real value looks like {@code sample}; {@code null}
   * when the value is not known yet (then a neutral {@code fmsh_} token is made).
   */
  public String create(String sample) {
    if (sample == null || sample.isEmpty()) {
      return "fmsh_" + randomText(BASE62, charsFor(BASE62, 0));
    }
    String prefix = prefixOf(sample);
    String body = sample.substring(prefix.length());
    String alphabet = alphabetOf(body);
    return prefix + randomText(alphabet, charsFor(alphabet, body.length()));
  }

  /** The known format prefix {@code value} starts with, or the empty string. */
  static String prefixOf(String value) {
    for (String p : PREFIXES) {
      if (value.startsWith(p) && value.length() > p.length()) {
        return p;
      }
    }
    return "";
  }

  private static String alphabetOf(String body) {
    if (body.isEmpty()) {
      return BASE62;
    }
    if (only(body, HEX_LOWER)) {
      return HEX_LOWER;
    }
    if (only(body, HEX_UPPER)) {
      return HEX_UPPER;
    }
    if (only(body, UPPER_ALNUM)) {
      return UPPER_ALNUM;
    }
    return BASE62;
  }

  private static boolean only(String s, String alphabet) {
    for (int i = 0; i < s.length(); i++) {
      if (alphabet.indexOf(s.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }

  /** The real length when it carries at least 128 random bits in this alphabet, else the minimum that does. */
  private static int charsFor(String alphabet, int realLength) {
    double bitsPerChar = Math.log(alphabet.length()) / Math.log(2);
    int needed = (int) Math.ceil(MIN_BITS / bitsPerChar);
    return Math.max(needed, Math.min(realLength, 256));
  }

  private String randomText(String alphabet, int length) {
    char[] out = new char[length];
    for (int i = 0; i < length; i++) {
      out[i] = alphabet.charAt(random.nextInt(alphabet.length()));
    }
    return new String(out);
  }
}
