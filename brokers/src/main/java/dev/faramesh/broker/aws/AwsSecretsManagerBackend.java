package dev.faramesh.broker.aws;

import dev.faramesh.broker.BackendContext;
import dev.faramesh.broker.BackendException;
import dev.faramesh.broker.BackendSettings;
import dev.faramesh.broker.CredentialBackend;
import dev.faramesh.broker.Failure;
import dev.faramesh.broker.LazyClient;
import dev.faramesh.broker.Rotation;
import dev.faramesh.broker.Secret;
import dev.faramesh.policy.CredentialBinding;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * The {@code aws-sm} backend: AWS Secrets Manager through the AWS SDK v2 ({@code GetSecretValue},
 * SigV4-signed). The binding's path is the secret's name or ARN, optionally {@code #key} of a JSON
 * secret; its version is a VersionId or a staging label ({@code AWSPREVIOUS}). {@code region} (or
 * {@code AWS_REGION}) is required; credentials are {@code access_key_id}/{@code secret_access_key}
 * (and {@code session_token}), else the {@code AWS_*} keys captured from the environment, else the
 * SDK's default chain (instance or task role, web identity). {@code endpoint} overrides the service
 * URL. {@code credential rotate} calls {@code RotateSecret}. The SDK is only loaded on first use.
 */
public final class AwsSecretsManagerBackend implements CredentialBackend {

  // A lambda, not a constructor reference: linking it must not load the client (and its SDK).
  private final LazyClient<AwsClientSettings, AwsSecretsClient> client =
      new LazyClient<>("aws-sm", s -> new AwsSecretsClient(s));

  /** What the SDK client is built from, read without touching the SDK. */
  record AwsClientSettings(String region, URI endpoint, String accessKeyId, String secretAccessKey,
      String sessionToken, Duration timeout) {
    @Override
    public String toString() {
      return "AwsClientSettings[" + region + (endpoint == null ? "" : ", " + endpoint) + "]";
    }
  }

  @Override
  public String type() {
    return "aws-sm";
  }

  @Override
  public void configure(BackendContext context) throws BackendException {
    BackendSettings s = context.settings(type());
    String region = s.get("region").or(() -> s.environment("AWS_REGION")).or(() -> s.environment("AWS_DEFAULT_REGION"))
        .orElseThrow(() -> new BackendException(Failure.BACKEND_NOT_CONFIGURED, "aws-sm backend: no region ("
            + s.howToSet("region") + ", or pass --aws-secrets-region)"));
    URI endpoint = s.get("endpoint").isPresent() ? s.url("endpoint") : null;
    Optional<String> keyId = s.get("access_key_id").or(() -> s.environment("AWS_ACCESS_KEY_ID"));
    Optional<String> secret = s.get("secret_access_key").or(() -> s.environment("AWS_SECRET_ACCESS_KEY"));
    Optional<String> session = s.get("session_token").or(() -> s.environment("AWS_SESSION_TOKEN"));
    if (keyId.isPresent() != secret.isPresent()) {
      throw new BackendException(Failure.BACKEND_NOT_CONFIGURED, "aws-sm backend: an access key needs both "
          + "access_key_id and secret_access_key");
    }
    client.configure(new AwsClientSettings(region, endpoint, keyId.orElse(null), secret.orElse(null),
        keyId.isPresent() ? session.orElse(null) : null, s.timeout()));
  }

  @Override
  public Secret fetch(CredentialBinding binding) throws BackendException {
    return client.get().read(binding);
  }

  @Override
  public Rotation rotate(CredentialBinding binding) throws BackendException {
    return client.get().rotate(binding);
  }

  @Override
  public void close() {
    AwsSecretsClient c = client.built();
    if (c != null) {
      c.close();
    }
  }
}
