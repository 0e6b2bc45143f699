package dev.faramesh.benchmarks.broker;

import dev.faramesh.broker.BackendContext;
import dev.faramesh.broker.BackendRegistry;
import dev.faramesh.broker.Broker;
import dev.faramesh.broker.Lease;
import dev.faramesh.policy.CredentialBinding;
import dev.faramesh.testkit.BackendServer;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Latency of issuing a credential through the real {@link Broker} per backend, each backend's real
 * SDK (or REST client) talking to the testkit's server over a loopback socket: {@code cacheHit} leases
 * a value still inside its TTL (no backend call), {@code cacheMiss} drops the cached value first, so
 * every lease is a backend round trip (the baseline the cache is measured against). {@code env} is the
 * in-process floor.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
// The testkit's servers run on the JDK's HttpServer in this JVM; without TCP_NODELAY its small writes
// meet the client's delayed ACK and every HTTP round trip takes ~40 ms, which would measure the test
// server, not the broker or the SDKs.
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m", "-Dsun.net.httpserver.nodelay=true"})
public class BrokerBenchmark {

  @Param({"env", "vault", "aws-sm", "gcp-sm", "azure-kv", "1password", "infisical"})
  public String backend;

  private final List<AutoCloseable> servers = new java.util.ArrayList<>();
  private Broker broker;
  private CredentialBinding binding;

  private static String random() {
    byte[] b = new byte[24];
    new SecureRandom().nextBytes(b);
    return "sk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private void keep(BackendServer s) {
    servers.add(s::stop);
  }

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    Map<String, String> env = new HashMap<>();
    String path;
    String field = null;
    switch (backend) {
      case "env" -> {
        env.put("STRIPE_API_KEY", random());
        path = "STRIPE_API_KEY";
      }
      case "vault" -> {
        VaultServer v = VaultServer.start();
        keep(v);
        v.putKv("secret", "stripe/api-key", Map.of("api_key", random()));
        env.put("FARAMESH_CREDENTIAL_VAULT_ADDR", v.baseUrl().toString());
        env.put("FARAMESH_CREDENTIAL_VAULT_TOKEN", v.rootToken());
        path = "secret/data/stripe/api-key";
        field = "api_key";
      }
      case "aws-sm" -> {
        AwsSecretsManagerServer a = AwsSecretsManagerServer.start();
        keep(a);
        AwsAccessKey key = a.newAccessKey();
        a.putSecret("prod/stripe", random());
        env.put("FARAMESH_CREDENTIAL_AWS_REGION", "us-east-1");
        env.put("FARAMESH_CREDENTIAL_AWS_ENDPOINT", a.baseUrl().toString());
        env.put("AWS_ACCESS_KEY_ID", key.accessKeyId());
        env.put("AWS_SECRET_ACCESS_KEY", key.secretAccessKey());
        path = "prod/stripe";
      }
      case "gcp-sm" -> {
        GcpSecretManagerServer g = GcpSecretManagerServer.start();
        keep(g);
        g.addVersion("agents-prod", "stripe", random());
        env.put("FARAMESH_CREDENTIAL_GCP_PROJECT", "agents-prod");
        env.put("FARAMESH_CREDENTIAL_GCP_ENDPOINT", "http://" + g.grpcTarget());
        env.put("FARAMESH_CREDENTIAL_GCP_TRANSPORT", "grpc");
        env.put("FARAMESH_CREDENTIAL_GCP_CREDENTIALS", "none");
        path = "stripe";
      }
      case "azure-kv" -> {
        AzureKeyVaultServer kv = AzureKeyVaultServer.start();
        keep(kv);
        AzureImdsServer imds = AzureImdsServer.start(kv.tenantId(),
            ManagedIdentity.systemAssigned("sub", "rg", "vm"));
        servers.add(imds::stop);
        kv.acceptTokens(t -> t.chars().filter(c -> c == '.').count() == 2);
        kv.setSecret("stripe", random());
        Path ca = Files.createTempFile("kv-ca", ".pem");
        Files.writeString(ca, "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64,
            "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(kv.tls().certificate().getEncoded())
            + "\n-----END CERTIFICATE-----\n");
        env.put("FARAMESH_CREDENTIAL_AZURE_VAULT_URL", kv.baseUrl().toString());
        env.put("FARAMESH_CREDENTIAL_AZURE_IMDS_ENDPOINT", imds.baseUrl());
        env.put("FARAMESH_CREDENTIAL_AZURE_CA_CERT", ca.toString());
        path = "stripe";
      }
      case "1password" -> {
        OnePasswordConnectServer op = OnePasswordConnectServer.start();
        keep(op);
        String vault = op.createVault("agents");
        String item = op.createItem(vault, "stripe", "LOGIN", List.of(ItemField.password(random())));
        env.put("FARAMESH_CREDENTIAL_1PASSWORD_HOST", op.baseUrl().toString());
        env.put("FARAMESH_CREDENTIAL_1PASSWORD_TOKEN", op.issueToken());
        path = vault + "/" + item;
      }
      case "infisical" -> {
        InfisicalServer inf = InfisicalServer.start();
        keep(inf);
        MachineIdentity id = inf.createIdentity();
        inf.putSecret("p1", "prod", "/", "STRIPE_API_KEY", random());
        env.put("FARAMESH_CREDENTIAL_INFISICAL_HOST", inf.baseUrl().toString());
        env.put("FARAMESH_CREDENTIAL_INFISICAL_CLIENT_ID", id.clientId());
        env.put("FARAMESH_CREDENTIAL_INFISICAL_CLIENT_SECRET", id.clientSecret());
        env.put("FARAMESH_CREDENTIAL_INFISICAL_PROJECT", "p1");
        env.put("FARAMESH_CREDENTIAL_INFISICAL_ENVIRONMENT", "prod");
        path = "STRIPE_API_KEY";
      }
      default -> throw new IllegalArgumentException(backend);
    }
    binding = new CredentialBinding("stripe", backend, path, List.of(), List.of("api.stripe.com"), List.of(),
        Duration.ofHours(1), null, null, field, null);
    BackendRegistry backends = BackendRegistry.load(BrokerBenchmark.class.getClassLoader(),
        BackendContext.builder().environment(env).build());
    broker = Broker.builder().bindings(List.of(binding)).backends(backends).environment(env)
        .random(new SecureRandom()).clock(Clock.systemUTC()).build();
    try (Lease first = broker.lease(binding)) {
      if (first.value() == null) {
        throw new IllegalStateException("no value from " + backend);
      }
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    broker.close();
    for (AutoCloseable s : servers) {
      s.close();
    }
    servers.clear();
  }

  /** A lease of a value cached within its TTL: no backend call. */
  @Benchmark
  public int cacheHit() throws Exception {
    try (Lease l = broker.lease(binding)) {
      return l.value().length();
    }
  }

  /** A lease after the cached value was dropped: one backend round trip (the baseline). */
  @Benchmark
  public int cacheMiss() throws Exception {
    broker.invalidate("stripe");
    try (Lease l = broker.lease(binding)) {
      return l.value().length();
    }
  }
}
