package dev.faramesh.broker.gcp;

import com.google.api.gax.core.CredentialsProvider;
import com.google.api.gax.core.FixedCredentialsProvider;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.retrying.RetrySettings;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.secretmanager.v1.AccessSecretVersionResponse;
import com.google.cloud.secretmanager.v1.SecretManagerServiceClient;
import com.google.cloud.secretmanager.v1.SecretManagerServiceSettings;
import com.google.cloud.secretmanager.v1.SecretPayload;
import dev.faramesh.broker.BackendException;
import dev.faramesh.broker.Failure;
import dev.faramesh.broker.JsonFields;
import dev.faramesh.broker.Secret;
import dev.faramesh.policy.CredentialBinding;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The SDK side of the GCP backend: one {@link SecretManagerServiceClient} on the chosen transport,
 * each call attempted once within the timeout (the broker backs off instead of retrying), every
 * payload's {@code data_crc32c} verified with {@link CRC32C}. gRPC status codes become failures.
 */
final class GcpSecretsClient {

  private static final List<String> SCOPES = List.of("https://www.googleapis.com/auth/cloud-platform");

  private final SecretManagerServiceClient client;
  private final GoogleCredentials credentials;

  GcpSecretsClient(GcpSecretManagerBackend.GcpClientSettings s) throws BackendException {
    this.credentials = s.anonymous() ? null : credentials(s);
    try {
      SecretManagerServiceSettings.Builder b;
      if (s.rest()) {
        b = SecretManagerServiceSettings.newHttpJsonBuilder();
        if (s.endpoint() != null) {
          b.setEndpoint(s.endpoint().toString());
        }
      } else {
        b = SecretManagerServiceSettings.newBuilder();
        if (s.endpoint() != null) {
          boolean plaintext = "http".equals(s.endpoint().getScheme());
          int port = s.endpoint().getPort() > 0 ? s.endpoint().getPort() : plaintext ? 80 : 443;
          b.setTransportChannelProvider(SecretManagerServiceSettings.defaultGrpcTransportProviderBuilder()
              .setEndpoint(s.endpoint().getHost() + ":" + port)
              .setChannelConfigurator(plaintext ? c -> c.usePlaintext() : c -> c).build());
        }
      }
      CredentialsProvider cp = credentials == null ? NoCredentialsProvider.create()
          : FixedCredentialsProvider.create(credentials);
      b.setCredentialsProvider(cp);
      Duration t = s.timeout();
      b.accessSecretVersionSettings().setRetrySettings(RetrySettings.newBuilder().setMaxAttempts(1)
          .setTotalTimeoutDuration(t).setInitialRpcTimeoutDuration(t).setMaxRpcTimeoutDuration(t)
          .setRpcTimeoutMultiplier(1.0).build());
      this.client = SecretManagerServiceClient.create(b.build());
    } catch (IOException e) {
      throw new BackendException(Failure.BACKEND_NOT_CONFIGURED, "gcp-sm backend: cannot create the client ("
          + e.getClass().getSimpleName() + ")", e);
    }
  }

  private static GoogleCredentials credentials(GcpSecretManagerBackend.GcpClientSettings s) throws BackendException {
    try {
      if (s.credentialsFile() != null) {
        try (InputStream in = Files.newInputStream(s.credentialsFile())) {
          return GoogleCredentials.fromStream(in).createScoped(SCOPES);
        }
      }
      return GoogleCredentials.getApplicationDefault().createScoped(SCOPES);
    } catch (IOException e) {
      throw new BackendException(Failure.BACKEND_NOT_CONFIGURED, "gcp-sm backend: no usable credentials ("
          + (s.credentialsFile() == null ? "application default credentials" : s.credentialsFile()) + ": "
          + e.getClass().getSimpleName() + ")", e);
    }
  }

  Secret read(CredentialBinding b, GcpSecretName name) throws BackendException {
    AccessSecretVersionResponse r;
    try {
      r = client.accessSecretVersion(name.resource());
    } catch (ApiException e) {
      throw failure("access " + name.resource(), e);
    }
    SecretPayload payload = r.getPayload();
    byte[] data = payload.getData().toByteArray();
    if (payload.hasDataCrc32C()) {
      CRC32C crc = new CRC32C();
      crc.update(data);
      if (crc.getValue() != payload.getDataCrc32C()) {
        throw new BackendException(Failure.CREDENTIAL_INVALID, "gcp-sm " + r.getName()
            + ": the payload does not match its CRC32C (corrupted in transit or at rest); not used");
      }
    }
    String resolved = r.getName();
    String version = resolved.substring(resolved.lastIndexOf('/') + 1);
    String text = new String(data, StandardCharsets.UTF_8);
    return Secret.of(JsonFields.pick("gcp-sm " + resolved, text, name.key()), version);
  }

  /** Fetches an access token for real when there are credentials; false when there are none to check. */
  boolean authenticate() throws BackendException {
    if (credentials == null) {
      return false;
    }
    try {
      credentials.refresh();
      return true;
    } catch (IOException e) {
      throw new BackendException(Failure.BACKEND_DENIED, "gcp-sm: the service account could not get an access token ("
          + e.getClass().getSimpleName() + ")", e);
    }
  }

  private static BackendException failure(String what, ApiException e) {
    StatusCode.Code code = e.getStatusCode().getCode();
    Failure f;
    switch (code) {
      case NOT_FOUND:
      case INVALID_ARGUMENT:
      case FAILED_PRECONDITION:
      case OUT_OF_RANGE:
        f = Failure.CREDENTIAL_NOT_FOUND;
        break;
      case PERMISSION_DENIED:
      case UNAUTHENTICATED:
        f = Failure.BACKEND_DENIED;
        break;
      case DEADLINE_EXCEEDED:
        f = Failure.BACKEND_TIMEOUT;
        break;
      default:
        f = Failure.BACKEND_UNAVAILABLE;
    }
    String detail = code.name();
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException || t.getClass().getSimpleName().equals("AnnotatedConnectException")) {
        detail = "connection refused";
      }
    }
    return new BackendException(f, "gcp-sm " + what + ": " + detail, e);
  }

  void close() {
    client.close();
  }
}
