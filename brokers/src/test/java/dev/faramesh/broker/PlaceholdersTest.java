package dev.faramesh.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlaceholdersTest {

  private final Placeholders placeholders = new Placeholders(new SecureRandom());

  @Test
  void keepsTheFormatPrefixAndLengthButNoSecretCharacter() {
    String real = TestSecrets.alnum("sk-proj-", 48);
    String p = placeholders.create(real);
    assertThat(p).startsWith("sk-proj-").hasSameSizeAs(real).isNotEqualTo(real);
    assertThat(commonSuffixChars(real.substring(8), p.substring(8))).isLessThan(10);
  }

  @Test
  void githubAndAwsFormats() {
    String gh = TestSecrets.alnum("ghp_", 36);
    assertThat(placeholders.create(gh)).startsWith("ghp_").hasSize(40).matches("ghp_[A-Za-z0-9]{36}");
    String akia = TestSecrets.random("AKIA", 16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567");
    // 16 upper-case characters carry fewer than 128 bits, so the placeholder is longer
    assertThat(placeholders.create(akia)).matches("AKIA[0-9A-Z]{25}");
  }

  @Test
  void hexStaysHexAndUnknownFormatsGetNoPrefix() {
    String hex = TestSecrets.random("", 40, "0123456789abcdef");
    assertThat(placeholders.create(hex)).matches("[0-9a-f]{40}");
    String opaque = TestSecrets.alnum("", 30) + "+/=";
    assertThat(placeholders.create(opaque)).matches("[0-9A-Za-z]{33}");
    assertThat(placeholders.create(null)).matches("fmsh_[0-9A-Za-z]{22}");
  }

  @Test
  void everyPlaceholderIsNew() {
    String real = TestSecrets.alnum("sk-", 40);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      assertThat(seen.add(placeholders.create(real))).isTrue();
    }
  }

  @Test
  void shortValuesStillGetAtLeast128Bits() {
    assertThat(placeholders.create("sk-xyz")).matches("sk-[0-9A-Za-z]{22}");
  }

  private static int commonSuffixChars(String a, String b) {
    int same = 0;
    for (int i = 0; i < Math.min(a.length(), b.length()); i++) {
      if (a.charAt(i) == b.charAt(i)) {
        same++;
      }
    }
    return same;
  }
}
