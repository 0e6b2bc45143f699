package dev.faramesh.broker.gcp;

import dev.faramesh.broker.BackendContext;
import dev.faramesh.broker.BackendException;
import dev.faramesh.broker.BackendSettings;
import dev.faramesh.broker.CredentialBackend;
import dev.faramesh.broker.Failure;
import dev.faramesh.broker.LazyClient;
import dev.faramesh.broker.Secret;
import dev.faramesh.policy.CredentialBinding;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * The {@code gcp-sm} backend: Google Cloud Secret Manager through google-cloud-secretmanager, over
 * gRPC ({@code transport = grpc}, the default) or its HTTP/JSON mapping ({@code transport = rest}).
 * The path is a secret id ({@code stripe-key}), {@code secret/versions/N} or a full resource name
 * ({@code projects/p/secrets/s/versions/N}), optionally {@code #key} of a JSON payload; {@code project}
 * (or {@code GOOGLE_CLOUD_PROJECT}) completes short paths. Every payload's CRC32C is checked here,
 * since the client does not. Credentials: a service-account key file ({@code credentials_file}, or
 * {@code GOOGLE_APPLICATION_CREDENTIALS}), else Application Default Credentials (the VM's or
 * workload's service account); {@code credentials = none} is accepted only with an explicit
 * {@code endpoint} (an emulator or a test server). The SDK is only loaded on first use.
 */
public final class GcpSecretManagerBackend implements CredentialBackend {

  // A lambda, not a constructor reference: linking it must not load the client (and its SDK).
  private final LazyClient<GcpClientSettings, GcpSecretsClient> client =
      new LazyClient<>("gcp-sm", s -> new GcpSecretsClient(s));

  /** What the client is built from, read without touching the SDK. */
  record GcpClientSettings(String project, boolean rest, URI endpoint, boolean anonymous, Path credentialsFile,
      Duration timeout) {}

  @Override
  public String type() {
    return "gcp-sm";
  }

  @Override
  public void configure(BackendContext context) throws BackendException {
    BackendSettings s = context.settings(type());
    String transport = s.get("transport").orElse("grpc").toLowerCase(Locale.ROOT);
    if (!transport.equals("grpc") && !transport.equals("rest")) {
      throw new BackendException(Failure.BACKEND_NOT_CONFIGURED, "gcp-sm backend: transport must be grpc or rest, not \""
          + transport + "\"");
    }
    URI endpoint = null;
    if (s.get("endpoint").isPresent()) {
      String e = s.get("endpoint").get();
      endpoint = s.url("endpoint");
      if (!e.contains("://")) {
        throw new BackendException(Failure.BACKEND_NOT_CONFIGURED, "gcp-sm backend: endpoint needs a scheme: "
            + "https://host:port, or http://host:port for a plaintext emulator");
      }
    }
    boolean anonymous = s.get("credentials").map(c -> c.equalsIgnoreCase("none")).orElse(false);
    if (anonymous && endpoint == null) {
      throw new BackendException(Failure.BACKEND_NOT_CONFIGURED, "gcp-sm backend: credentials = none is only for an "
          + "explicit endpoint (an emulator); Google's service needs a service account");
    }
    Path file = s.path("credentials_file").orElse(s.environment("GOOGLE_APPLICATION_CREDENTIALS").map(Path::of)
        .orElse(null));
    String project = s.get("project").or(() -> s.environment("GOOGLE_CLOUD_PROJECT")).orElse(null);
    client.configure(new GcpClientSettings(project, transport.equals("rest"), endpoint, anonymous, file, s.timeout()));
  }

  @Override
  public Secret fetch(CredentialBinding binding) throws BackendException {
    return client.get().read(binding, GcpSecretName.of(binding, client.settings().project()));
  }

  @Override
  public boolean authenticate() throws BackendException {
    return client.get().authenticate();
  }

  @Override
  public void close() {
    GcpSecretsClient c = client.built();
    if (c != null) {
      c.close();
    }
  }
}
