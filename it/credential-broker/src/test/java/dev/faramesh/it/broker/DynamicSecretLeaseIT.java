package dev.faramesh.it.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faramesh.it.support.ChildJvm;
import dev.faramesh.it.support.HostsFile;
import dev.faramesh.it.support.Jdks;
import dev.faramesh.it.support.RecordedRequest;
import dev.faramesh.it.support.RecordingServer;
import dev.faramesh.it.support.TestTls;
import dev.faramesh.testkit.vault.DatabaseRole;
import dev.faramesh.testkit.vault.Lease;
import dev.faramesh.testkit.vault.VaultServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A Vault dynamic secret used by the agent lives for the call it was issued for: with the real
 * faramesh.jar, an unmodified application sends {@code DB_CREDS} (a placeholder) to the in-scope
 * host with {@code HttpClient.send}, {@code sendAsync} and {@code HttpURLConnection}. For each call
 * the agent takes a new database credential from the testkit Vault after the permit; the host
 * receives it while Vault still accepts it (checked as the request arrives), and Vault sees its
 * lease revoked right after the call, while the application is paused after it and long before
 * the lease's TTL (10 minutes).
 */
class DynamicSecretLeaseIT {

  static final String ALLOWED = "api.allowed.test";

  static final String POLICY = """
      credential "db-creds" {
        backend = "vault"
        path    = "database/creds/app"
        field   = "username:password"
        env     = ["DB_CREDS"]
        hosts   = ["api.allowed.test"]
        ttl     = "10m"
      }
      agent it-bot {
        default deny
        rules {
          permit http/* host "api.allowed.test"
        }
      }
      """;

  private static Path dir;
  private static TestTls tls;
  private static RecordingServer allowed;
  private static Path hosts;
  private static VaultServer vault;
  /** Per path: whether Vault accepted the credential the request carried when it arrived. */
  private static final Map<String, Boolean> liveOnArrival = new ConcurrentHashMap<>();

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("faramesh-it-lease");
    tls = TestTls.create(dir.resolve("tls"), List.of(ALLOWED, "localhost"));
    allowed = RecordingServer.start("allowed", tls);
    allowed.onRequest(r -> {
      String[] creds = credentials(r);
      if (creds != null) {
        liveOnArrival.put(r.pathQuery(), vault.credentialsValid(creds[0], creds[1]));
      }
    });
    hosts = HostsFile.write(dir.resolve("hosts"), List.of(ALLOWED));
    vault = VaultServer.start();
    vault.addDatabaseRole(new DatabaseRole("app", Duration.ofMinutes(10), Duration.ofHours(1), true));
  }

  @AfterAll
  static void stop() throws Exception {
    allowed.close();
    vault.stop();
  }

  static Stream<Jdks.Jdk> jdks() {
    return Jdks.selected().stream();
  }

  private static String[] credentials(RecordedRequest r) {
    String auth = r.header("authorization");
    if (auth == null || !auth.startsWith("Bearer ") || !auth.contains(":")) {
      return null;
    }
    return auth.substring(7).split(":", 2);
  }

  private static String line(String... fields) {
    return String.join("\t", fields) + "\n";
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void eachCallsDynamicSecretIsRevokedRightAfterTheCallNotBefore(Jdks.Jdk jdk) throws Exception {
    Path work = Files.createDirectories(dir.resolve("jdk" + jdk.feature()));
    Files.writeString(work.resolve("governance.fms"), POLICY);
    allowed.clear();
    liveOnArrival.clear();
    int leasesBefore = vault.leases().size();
    String a = "http://" + ALLOWED + ":" + allowed.plainPort();
    String aTls = "https://" + ALLOWED + ":" + allowed.tlsPort();
    String bearer = "Authorization: Bearer {env:DB_CREDS}";
    Path scenario = Files.writeString(work.resolve("scenario.tsv"),
        line("getenv", "DB_CREDS")
        + line("http", "send", "HTTP_1_1", "GET", a + "/v1/send", bearer)
        + line("pause", "after-send")
        + line("async", "send-async", "HTTP_1_1", "GET", aTls + "/v1/async", bearer)
        + line("pause", "after-async")
        + line("urlconn", "urlconn", "GET", a + "/v1/urlconn", bearer)
        + line("pause", "after-urlconn"));
    ChildJvm child = ChildJvm.on(jdk).agent(jar(), "agent=it-bot")
        .env("FARAMESH_CREDENTIAL_VAULT_ADDR", vault.baseUrl().toString())
        .env("FARAMESH_CREDENTIAL_VAULT_TOKEN", vault.rootToken())
        .jvmArg(HostsFile.argument(hosts))
        .classpath(System.getProperty("faramesh.it.apps"))
        .main("dev.faramesh.it.apps.ScenarioApp", scenario.toString())
        .directory(work);
    for (String arg : tls.trustArguments()) {
      child.jvmArg(arg);
    }
    CompletableFuture<ChildJvm.Result> running = CompletableFuture.supplyAsync(child::run);

    int calls = 0;
    for (String[] step : new String[][] {{"after-send", "/v1/send"}, {"after-async", "/v1/async"},
        {"after-urlconn", "/v1/urlconn"}}) {
      awaitFile(work.resolve(step[0] + ".ready"), running);
      calls++;
      RecordedRequest r = allowed.requests(step[1]).stream().findFirst().orElse(null);
      assertThat(r).as("%s reached the in-scope host", step[1]).isNotNull();
      String[] creds = credentials(r);
      assertThat(creds).as("%s carried a Vault database credential, not the placeholder", step[1]).isNotNull();
      assertThat(liveOnArrival.get(step[1])).as("%s: the credential was live when the request arrived", step[1])
          .isTrue();
      // the application is paused right after the call: Vault has already revoked (or revokes within
      // moments, for the HttpClient future's completion) the lease of that call, long before its TTL
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (vault.credentialsValid(creds[0], creds[1]) && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(vault.credentialsValid(creds[0], creds[1])).as("%s: revoked right after the call", step[1])
          .isFalse();
      Lease lease = vault.leases().stream().filter(l -> l.username().equals(creds[0])).findFirst().orElseThrow();
      assertThat(lease.revoked()).isTrue();
      assertThat(lease.expires()).as("revoked before its TTL ran out").isAfter(Instant.now().plusSeconds(60));
      assertThat(vault.leases()).as("a lease per call, each revoked").hasSize(leasesBefore + calls)
          .allMatch(Lease::revoked);
      Files.writeString(work.resolve(step[0] + ".go"), "");
    }

    ChildJvm.Result run = running.get(120, TimeUnit.SECONDS);
    assertThat(run.exitCode()).as("%s", run).isZero();
    assertThat(run.stdout()).contains("APP DONE");
    assertThat(run.lines("RESULT getenv DB_CREDS=").get(0)).startsWith("fmsh_");
    for (String id : List.of("send", "send-async", "urlconn")) {
      assertThat(run.lines("RESULT " + id + " ")).as("%s", run).singleElement().asString().startsWith("status=200");
    }
    assertThat(run.stdout() + run.stderr()).doesNotContain(vault.rootToken());
    for (RecordedRequest r : allowed.requests()) {
      String[] creds = credentials(r);
      if (creds != null) {
        assertThat(run.stdout() + run.stderr()).doesNotContain(creds[1]);
      }
    }
  }

  private static Path jar() {
    return Path.of(System.getProperty("faramesh.jar"));
  }

  private static void awaitFile(Path f, CompletableFuture<ChildJvm.Result> running) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.exists(f)) {
      if (running.isDone()) {
        throw new AssertionError("the application ended before " + f.getFileName() + ": " + running.get());
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + f);
      }
      Thread.sleep(20);
    }
  }
}
