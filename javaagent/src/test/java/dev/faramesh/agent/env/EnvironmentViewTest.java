package dev.faramesh.agent.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faramesh.agent.TestAgent;
import dev.faramesh.policy.Mode;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentViewTest {

  private static final String POLICY = """
      credential "openai" {
        env = ["OPENAI_API_KEY"]
        hosts = ["api.openai.com"]
      }
      credential "stripe" {
        backend = "vault"
        path = "secret/stripe"
        env = ["STRIPE_API_KEY"]
        hosts = ["api.stripe.com"]
      }
      agent bot { default deny }
      """;

  private final String openai = "sk-" + Long.toHexString(new SecureRandom().nextLong()) + "Zq9Zq9Zq9Zq9Zq9Zq9Zq9";
  private final Map<String, String> env = Map.of("OPENAI_API_KEY", openai, "OPENAI_BACKUP", openai,
      "HF_TOKEN", "hf_ambientvalue123", "CORP_SECRET", "corp-value-123", "PATH", "/usr/bin");

  private EnvironmentView view() throws Exception {
    TestAgent agent = new TestAgent(POLICY, Mode.ENFORCE, env);
    return new EnvironmentView(agent.broker, List.of("CORP_*"));
  }

  @Test
  void getenvShowsPlaceholdersHidesUnbrokeredSecretsAndConcealsCopies() throws Exception {
    EnvironmentView v = view();
    String p = v.getenv("OPENAI_API_KEY", openai);
    assertThat(p).startsWith("sk-").isNotEqualTo(openai);
    assertThat(v.getenv("OPENAI_BACKUP", openai)).isEqualTo(p);
    assertThat(v.getenv("STRIPE_API_KEY", null)).startsWith("fmsh_");
    assertThat(v.getenv("HF_TOKEN", "hf_ambientvalue123")).isNull();
    assertThat(v.getenv("CORP_SECRET", "corp-value-123")).isNull();
    assertThat(v.getenv("PATH", "/usr/bin")).isEqualTo("/usr/bin");
    assertThat(v.getenv("UNSET", null)).isNull();
  }

  @Test
  void theWholeEnvironmentIsRewrittenOnceAndUnmodifiable() throws Exception {
    EnvironmentView v = view();
    Map<String, String> all = v.getenvAll(env);
    assertThat(all).doesNotContainValue(openai).doesNotContainKeys("HF_TOKEN", "CORP_SECRET")
        .containsKeys("STRIPE_API_KEY", "PATH").containsEntry("OPENAI_API_KEY", v.getenv("OPENAI_API_KEY", null));
    assertThat(v.getenvAll(env)).isSameAs(all);
    assertThatThrownBy(() -> all.put("X", "y")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void aChildEnvironmentKeepsOnlyPlaceholdersWhateverThePutInIt() throws Exception {
    EnvironmentView v = view();
    Map<String, String> child = new HashMap<>(env);
    child.put("SMUGGLED", "prefix-" + openai);
    child.put("OPENAI_API_KEY", openai);
    v.rewrite(child);
    assertThat(child.toString()).doesNotContain(openai).doesNotContain("hf_ambientvalue123")
        .doesNotContain("corp-value-123");
    assertThat(child.get("SMUGGLED")).isEqualTo("prefix-" + v.getenv("OPENAI_API_KEY", null));
    assertThat(child).containsEntry("PATH", "/usr/bin").as("removed or never set stays absent")
        .doesNotContainKey("STRIPE_API_KEY");
  }

  @Test
  void theDelegationTokenIsForTheAgentOnlyNeverTheAppOrItsChildren() throws Exception {
    EnvironmentView v = view();
    assertThat(v.getenv("FARAMESH_DELEGATION", "eyJh.eyJh.c2ln")).isNull();
    Map<String, String> source = new HashMap<>(env);
    source.put("FARAMESH_DELEGATION", "eyJh.eyJh.c2ln");
    assertThat(v.getenvAll(source)).doesNotContainKey("FARAMESH_DELEGATION");
    v.rewrite(source);
    assertThat(source).doesNotContainKey("FARAMESH_DELEGATION").containsKey("PATH");
  }
}
