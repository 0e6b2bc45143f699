package dev.faramesh.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;

/**
 * Random and mutated input yields a policy or positioned diagnostics, never an exception; and a
 * policy that compiles decides without throwing, whatever the arguments.
 */
class PolicyFuzzTest {

  private static final String[] SEEDS = {
      Fixtures.resource("daemon-forms.fms"), Fixtures.resource("documented-forms.fms")};

  private static final String ALPHABET = "agent rules permit deny! defer when if and or not == != < > <= >= in matches "
      + "contains { } [ ] ( ) , = : ; \" ' # $ 5 500 30s x/y * ** args. principal. session. \\ \n\t";

  @Property(tries = 400)
  void arbitraryTextNeverThrows(@ForAll @StringLength(max = 300) String text) {
    check(text);
  }

  @Property(tries = 600)
  void fplLikeTokenSoupNeverThrows(@ForAll("soup") String text) {
    check(text);
  }

  @Property(tries = 600)
  void mutatedPoliciesNeverThrow(@ForAll("mutations") String text) {
    check(text);
  }

  @Provide
  Arbitrary<String> soup() {
    String[] words = ALPHABET.split(" ");
    return Arbitraries.of(words).list().ofMaxSize(80).map(l -> String.join(" ", l));
  }

  @Provide
  Arbitrary<String> mutations() {
    Arbitrary<String> seed = Arbitraries.of(SEEDS);
    Arbitrary<Integer> where = Arbitraries.integers().between(0, 100_000);
    Arbitrary<Integer> length = Arbitraries.integers().between(0, 12);
    Arbitrary<String> insert = Arbitraries.strings().withChars(ALPHABET.toCharArray()).ofMaxLength(6);
    return Combinators.combine(seed, where, length, insert).as((s, w, len, ins) -> {
      int at = w % (s.length() + 1);
      int end = Math.min(s.length(), at + len);
      return s.substring(0, at) + ins + s.substring(end);
    });
  }

  private static void check(String text) {
    Policy p;
    try {
      p = Policy.parse("fuzz.fms", text);
    } catch (PolicyException e) {
      assertThat(e.diagnostics()).filteredOn(Diagnostic::isError).isNotEmpty();
      int lines = text.split("\n", -1).length;
      for (Diagnostic d : e.diagnostics()) {
        assertThat(d.at().line()).isBetween(1, lines);
        assertThat(d.at().column()).isPositive();
        assertThat(d.format()).startsWith("fuzz.fms:");
      }
      return;
    }
    PolicyEngine engine = PolicyEngine.of(p);
    for (String agent : p.agents().keySet()) {
      Principal who = Fixtures.dev(agent);
      for (String t : new String[] {"stripe/refund", "shell/run", "http/post", "x"}) {
        Decision d = engine.decide(Fixtures.tool(t, Map.of("amount", 700, "cmd", "rm -rf /")), who);
        assertThat(d.effect()).isNotNull();
        assertThat(d.reasonCode()).isNotBlank();
      }
      assertThat(engine.decide(Fixtures.http("POST", "https://api.openai.com/v1/x"), who).effect()).isNotNull();
    }
  }
}
