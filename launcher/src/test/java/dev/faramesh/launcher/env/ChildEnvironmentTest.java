package dev.faramesh.launcher.env;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faramesh.broker.BackendContext;
import dev.faramesh.broker.BackendRegistry;
import dev.faramesh.broker.Broker;
import dev.faramesh.broker.env.EnvBackend;
import dev.faramesh.launcher.Secrets;
import dev.faramesh.policy.Policy;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChildEnvironmentTest {

  private static final String POLICY = """
      credential "openai" {
        backend = "env"
        path = "OPENAI_API_KEY"
        env = ["OPENAI_API_KEY"]
        hosts = ["api.openai.com"]
      }
      credential "stripe" {
        backend = "env"
        path = "STRIPE_LIVE"
        env = ["STRIPE_TOKEN"]
        hosts = ["api.stripe.com"]
      }
      credential "vaulted" {
        backend = "vault"
        path = "secret/data/x"
        env = ["VAULTED_KEY"]
        hosts = ["x.example"]
      }
      runtime { strip_env = ["CORP_*", "db_pass*"] }
      agent bot { default deny }
      """;

  private final String openai = Secrets.alnum("sk-proj-", 40);
  private final String stripe = Secrets.alnum("sk_live_", 30);
  private final String github = Secrets.alnum("ghp_", 36);
  private final String corp = Secrets.alnum("corp-", 20);
  private final String dbPass = Secrets.alnum("", 16);

  private ChildEnvironment build(Map<String, String> launcher, Map<String, String> settings) throws Exception {
    Policy policy = Policy.parse("governance.fms", POLICY);
    Broker broker = Broker.start(policy.credentials(),
        BackendRegistry.of(new BackendContext(launcher, Map.of()), new EnvBackend()), launcher, new SecureRandom(),
        Clock.systemUTC());
    return ChildEnvironment.build(launcher, broker, policy.runtime().stripEnv(), settings);
  }

  private Map<String, String> launcherEnv() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", "/usr/bin:/bin");
    env.put("OPENAI_API_KEY", openai);
    env.put("STRIPE_LIVE", stripe);
    env.put("GITHUB_TOKEN", github);
    env.put("github_token", github);
    env.put("CORP_SIGNING_KEY", corp);
    env.put("DB_PASSWORD", dbPass);
    env.put("DATABASE_URL", "postgres://app:" + stripe + "@db/app");
    env.put("HTTPS_PROXY", "http://corp-proxy:3128");
    env.put("ALL_PROXY", "socks5://corp-proxy:1080");
    return env;
  }

  @Test
  void credentialVariablesHoldPlaceholdersAndNoRawValueRemainsAnywhere() throws Exception {
    Map<String, String> settings = new HashMap<>();
    settings.put("HTTPS_PROXY", "http://127.0.0.1:1234");
    settings.put("ALL_PROXY", null);
    ChildEnvironment child = build(launcherEnv(), settings);
    Map<String, String> v = child.variables();

    assertThat(v.get("OPENAI_API_KEY")).startsWith("sk-proj-").isNotEqualTo(openai);
    assertThat(v.get("STRIPE_TOKEN")).startsWith("sk_live_").isNotEqualTo(stripe);
    // kept in a backend: a placeholder although no variable held it
    assertThat(v.get("VAULTED_KEY")).startsWith("fmsh_");
    // the env backend's source variable, the well-known list in any case, and strip_env globs in any case
    assertThat(v).doesNotContainKeys("STRIPE_LIVE", "GITHUB_TOKEN", "github_token", "CORP_SIGNING_KEY", "DB_PASSWORD");
    // a raw value inside another variable is replaced by its placeholder
    assertThat(v.get("DATABASE_URL")).isEqualTo("postgres://app:" + v.get("STRIPE_TOKEN") + "@db/app");
    assertThat(v.get("PATH")).isEqualTo("/usr/bin:/bin");
    assertThat(v.get("HTTPS_PROXY")).isEqualTo("http://127.0.0.1:1234");
    assertThat(v).doesNotContainKey("ALL_PROXY");
    for (String raw : List.of(openai, stripe, github, corp, dbPass)) {
      assertThat(v.values()).noneMatch(value -> value.contains(raw));
    }
    assertThat(child.brokered()).containsExactlyInAnyOrder("OPENAI_API_KEY", "STRIPE_TOKEN", "VAULTED_KEY");
    assertThat(child.stripped()).contains("STRIPE_LIVE", "GITHUB_TOKEN", "github_token", "CORP_SIGNING_KEY",
        "DB_PASSWORD");
    assertThat(child.concealedIn()).containsExactly("DATABASE_URL");
  }

  @Test
  void aStrippedValueWithoutPlaceholderIsMaskedInsideOtherVariables() throws Exception {
    Map<String, String> env = launcherEnv();
    env.put("GIT_CONFIG_VALUE", "token=" + github);
    ChildEnvironment child = build(env, Map.of());
    assertThat(child.variables().get("GIT_CONFIG_VALUE")).isEqualTo("token=" + ChildEnvironment.STRIPPED);
  }

  @Test
  void unrelatedVariablesPassUnchanged() throws Exception {
    Map<String, String> env = Map.of("HOME", "/home/u", "LANG", "C.UTF-8", "TERM", "xterm");
    ChildEnvironment child = build(env, Map.of());
    assertThat(child.variables()).containsAllEntriesOf(env);
    assertThat(child.stripped()).isEmpty();
  }
}
