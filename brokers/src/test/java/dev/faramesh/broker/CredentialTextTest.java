package dev.faramesh.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CredentialTextTest {

  private final String placeholder = TestSecrets.alnum("sk-", 40);
  private final String real = TestSecrets.alnum("sk-", 40) + "+/";
  private final Map<String, String> reveal = Map.of(placeholder, real);

  @Test
  void bearerHeader() {
    assertThat(CredentialText.replaceInHeader("Bearer " + placeholder, reveal)).isEqualTo("Bearer " + real);
    assertThat(CredentialText.replaceInHeader("Bearer other", reveal)).isEqualTo("Bearer other");
  }

  @Test
  void basicCredentialsAreDecodedReplacedAndReencoded() {
    String header = "Basic " + b64("user:" + placeholder);
    String out = CredentialText.replaceInHeader(header, reveal);
    assertThat(out).startsWith("Basic ");
    assertThat(new String(Base64.getDecoder().decode(out.substring(6)), StandardCharsets.UTF_8)).isEqualTo("user:" + real);
    assertThat(CredentialText.containsAny(header, java.util.List.of(placeholder))).isTrue();
    assertThat(CredentialText.replaceInHeader("Basic !!notbase64", reveal)).isEqualTo("Basic !!notbase64");
  }

  @Test
  void queryValuesArePercentEncoded() {
    String out = CredentialText.replaceInQuery("/v1/x?key=" + placeholder + "&a=b", reveal);
    assertThat(out).isEqualTo("/v1/x?key=" + real.replace("+", "%2B").replace("/", "%2F") + "&a=b");
  }

  @Test
  void concealingIsTheSameOperationBackwards() {
    Map<String, String> conceal = Map.of(real, placeholder);
    assertThat(CredentialText.replaceInHeader("Basic " + b64("u:" + real), conceal)).isEqualTo("Basic " + b64("u:" + placeholder));
    assertThat(CredentialText.replace("KEY=" + real, conceal)).isEqualTo("KEY=" + placeholder);
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
