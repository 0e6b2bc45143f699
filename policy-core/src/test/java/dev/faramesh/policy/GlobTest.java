package dev.faramesh.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one glob rule, checked by example and against a regular-expression oracle. */
class GlobTest {

  @ParameterizedTest
  @CsvSource({
      "stripe/*, stripe/refund, true",
      "stripe/*, stripe/a/b, false",
      "stripe/*, stripe, false",
      "stripe/**, stripe/a/b, true",
      "*, a/b/c, true",
      "**, a, true",
      "*/run, shell/run, true",
      "mcp/*/create_*, mcp/github/create_issue, true",
      "mcp/*/create_*, mcp/github/x/create_issue, false",
  })
  void paths(String pattern, String text, boolean expected) {
    assertThat(Glob.path(pattern).matches(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
      "*.openai.com, api.openai.com, true",
      "*.openai.com, a.b.openai.com, false",
      "**.openai.com, a.b.openai.com, true",
      "API.OpenAI.com, api.openai.com, true",
      "*.openai.com, openai.com, false",
  })
  void hosts(String pattern, String text, boolean expected) {
    assertThat(Glob.host(pattern).matches(text)).isEqualTo(expected);
  }

  @Property(tries = 2000)
  void agreesWithRegexOracle(@ForAll @StringLength(max = 8) @CharRange(from = 'a', to = 'c') String p1,
      @ForAll @StringLength(max = 12) @CharRange(from = 'a', to = 'c') String text) {
    // map letters to glob syntax: a -> '*', b -> '/', c -> literal 'x'; text: b -> '/', others literal
    String pattern = p1.replace('a', '*').replace('b', '/').replace('c', 'x');
    String t = text.replace('b', '/');
    assertThat(Glob.path(pattern).matches(t)).as(pattern + " vs " + t).isEqualTo(oracle(pattern, t));
  }

  private static boolean oracle(String pattern, String text) {
    if (pattern.equals("*") || pattern.equals("**")) {
      return true;
    }
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '*') {
        if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') {
          re.append(".*");
          i++;
        } else {
          re.append("[^/]*");
        }
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(re.toString()).matcher(text).matches();
  }

  @org.junit.jupiter.api.Test
  void pathologicalPatternsStayFast() {
    String text = "a".repeat(20_000);
    long start = System.nanoTime();
    assertThat(Glob.path("*a*a*a*a*a*a*a*a*a*b").matches(text)).isFalse();
    assertThat(Glob.path("**a**a**a**a**b").matches(text + "/" + text)).isFalse();
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1_000);
  }
}
