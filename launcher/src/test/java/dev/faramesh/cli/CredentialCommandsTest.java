package dev.faramesh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faramesh.broker.BackendContext;
import dev.faramesh.broker.BackendRegistry;
import dev.faramesh.broker.Broker;
import dev.faramesh.broker.registry.CredentialRegistry;
import dev.faramesh.broker.registry.RegistryRotations;
import dev.faramesh.testkit.vault.VaultServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code faramesh credential register|list|rotate|health} against the testkit's Vault over a real
 * socket: the registry keeps bindings and non-secret settings only, list shows no value, health
 * prints per-backend status and latency with a non-zero exit when a backend is down, and rotate makes
 * a running broker (reading the same registry) fetch the new value on its next use.
 */
class CredentialCommandsTest {

  @TempDir
  Path dir;

  private VaultServer vault;
  private Path registry;
  private final String v1 = "sk_live_" + UUID.randomUUID().toString().replace("-", "");
  private final String v2 = "sk_live_" + UUID.randomUUID().toString().replace("-", "");
  private final List<String> printed = new ArrayList<>();

  @BeforeEach
  void start() {
    vault = VaultServer.start();
    vault.putKv("secret", "stripe/api-key", Map.of("api_key", v1));
    registry = dir.resolve("credentials.json");
  }

  @AfterEach
  void stop() throws Exception {
    vault.stop();
    printed.add(Files.exists(registry) ? Files.readString(registry) : "");
    for (String p : printed) {
      assertThat(p).doesNotContain(v1).doesNotContain(v2).doesNotContain(vault.rootToken());
    }
  }

  private record Run(int code, String out, String err) {}

  private Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = FarameshCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    printed.add(out.toString());
    printed.add(err.toString());
    return new Run(code, out.toString(), err.toString());
  }

  private Run register(String... extra) {
    List<String> a = new ArrayList<>(List.of("credential", "register", "--registry", registry.toString(),
        "--name", "stripe-key", "--backend", "vault", "--path", "secret/data/stripe/api-key", "--field", "api_key",
        "--hosts", "api.stripe.com", "--env", "STRIPE_API_KEY", "--ttl", "10m",
        "--vault-addr", vault.baseUrl().toString()));
    a.addAll(List.of(extra));
    return run(a.toArray(String[]::new));
  }

  @Test
  void registerKeepsTheBindingAndTheAddressButNeitherValueNorTokenAndListShowsNoValue() throws Exception {
    Run r = register("--vault-token", vault.rootToken(), "--check");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("checked: stripe-key resolves in vault (version 1)")
        .contains("registered stripe-key -> vault secret/data/stripe/api-key field api_key, ttl 10m")
        .contains("never stored");
    CredentialRegistry reg = CredentialRegistry.read(registry);
    assertThat(reg.binding("stripe-key").hosts()).containsExactly("api.stripe.com");
    assertThat(reg.binding("stripe-key").env()).containsExactly("STRIPE_API_KEY");
    assertThat(reg.backendSettings()).containsEntry("vault", Map.of("addr", vault.baseUrl().toString()));
    assertThat(Files.readString(registry)).doesNotContain("token");

    Run list = run("credential", "list", "--registry", registry.toString());
    assertThat(list.code()).isZero();
    assertThat(list.out()).contains("NAME").contains("stripe-key").contains("vault")
        .contains("secret/data/stripe/api-key [api_key]").contains("10m").contains("api.stripe.com")
        .contains("STRIPE_API_KEY");
  }

  @Test
  void checkFailsWithTheReasonCodeAndNothingIsRegistered() throws Exception {
    Run r = register("--vault-token", "not-a-token", "--check");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("BACKEND_DENIED");
    assertThat(Files.exists(registry)).isFalse();
    Run bad = run("credential", "register", "--registry", registry.toString(), "--name", "x", "--backend", "nope",
        "--path", "p");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("unknown backend");
  }

  @Test
  void healthIsUpWithLatencyThenDownWithTheReasonAndExitOne() {
    assertThat(register().code()).isZero();
    Run up = run("credential", "health", "--registry", registry.toString(), "--vault-token", vault.rootToken());
    assertThat(up.code()).as(up.out() + up.err()).isZero();
    assertThat(up.out()).containsPattern("vault\\s+up\\s+\\d+ ms\\s+logged in and read stripe-key \\(version 1\\)");
    vault.down();
    Run down = run("credential", "health", "--registry", registry.toString(), "--vault-token", vault.rootToken());
    assertThat(down.code()).isEqualTo(1);
    assertThat(down.out()).containsPattern("vault\\s+DOWN\\s+\\d+ ms\\s+BACKEND_UNAVAILABLE");
  }

  @Test
  void rotateMakesARunningBrokerFetchTheNewValueOnItsNextUse() throws Exception {
    assertThat(register().code()).isZero();
    CredentialRegistry reg = CredentialRegistry.read(registry);
    Map<String, String> env = Map.of("FARAMESH_CREDENTIAL_VAULT_TOKEN", vault.rootToken());
    BackendRegistry backends = BackendRegistry.load(getClass().getClassLoader(), BackendContext.builder()
        .environment(env).registry(reg.backendSettings()).build());
    try (Broker running = Broker.builder().bindings(reg.bindings()).backends(backends).environment(env)
        .random(new SecureRandom()).clock(Clock.systemUTC()).rotations(new RegistryRotations(registry)).build()) {
      assertThat(running.lease(running.binding("stripe-key")).value()).isEqualTo(v1);
      vault.rotate("secret", "stripe/api-key", Map.of("api_key", v2));
      assertThat(running.lease(running.binding("stripe-key")).value()).as("cached for its TTL").isEqualTo(v1);
      Run r = run("credential", "rotate", "--registry", registry.toString(), "--name", "stripe-key",
          "--vault-token", vault.rootToken());
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.out()).contains("rotated stripe-key").contains("running agents drop their cached value");
      assertThat(running.lease(running.binding("stripe-key")).value()).isEqualTo(v2);
    }
    Run unknown = run("credential", "rotate", "--registry", registry.toString(), "--name", "nope");
    assertThat(unknown.code()).isEqualTo(1);
    assertThat(unknown.err()).contains("CREDENTIAL_NOT_FOUND");
  }
}
