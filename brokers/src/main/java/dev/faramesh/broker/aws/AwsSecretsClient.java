package dev.faramesh.broker.aws;

import dev.faramesh.broker.BackendException;
import dev.faramesh.broker.Failure;
import dev.faramesh.broker.JsonFields;
import dev.faramesh.broker.Rotation;
import dev.faramesh.broker.Secret;
import dev.faramesh.policy.CredentialBinding;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.RotateSecretResponse;

/**
 * The SDK side of the AWS backend: one {@link SecretsManagerClient} over the JDK's
 * {@code HttpURLConnection} (no Netty, no Apache client), with the call and each attempt bounded by
 * the timeout and the SDK's retries off (the broker backs off instead). Service errors become
 * failures by their AWS error code; the SDK's messages are not passed on.
 */
final class AwsSecretsClient {

  private static final Set<String> DENIED = Set.of("AccessDeniedException", "UnrecognizedClientException",
      "InvalidSignatureException", "SignatureDoesNotMatch", "ExpiredTokenException", "IncompleteSignature",
      "InvalidClientTokenId", "DecryptionFailure");
  private static final Set<String> NOT_FOUND = Set.of("ResourceNotFoundException", "InvalidRequestException");

  private final SecretsManagerClient client;
  private final String region;

  AwsSecretsClient(AwsSecretsManagerBackend.AwsClientSettings s) {
    this.region = s.region();
    Duration connect = s.timeout().compareTo(Duration.ofSeconds(2)) < 0 ? s.timeout() : Duration.ofSeconds(2);
    SecretsManagerClientBuilder b = SecretsManagerClient.builder()
        .region(Region.of(s.region()))
        .credentialsProvider(credentials(s))
        .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(connect).socketTimeout(s.timeout()).build())
        .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()).apiCallTimeout(s.timeout())
            .apiCallAttemptTimeout(s.timeout()));
    if (s.endpoint() != null) {
      b.endpointOverride(s.endpoint());
    }
    this.client = b.build();
  }

  private static AwsCredentialsProvider credentials(AwsSecretsManagerBackend.AwsClientSettings s) {
    if (s.accessKeyId() == null) {
      return DefaultCredentialsProvider.builder().build();
    }
    return StaticCredentialsProvider.create(s.sessionToken() == null
        ? AwsBasicCredentials.create(s.accessKeyId(), s.secretAccessKey())
        : AwsSessionCredentials.create(s.accessKeyId(), s.secretAccessKey(), s.sessionToken()));
  }

  Secret read(CredentialBinding b) throws BackendException {
    JsonFields.PathAndKey ref = JsonFields.split(b);
    GetSecretValueRequest.Builder req = GetSecretValueRequest.builder().secretId(ref.path());
    if (b.version() != null) {
      if (looksLikeVersionId(b.version())) {
        req.versionId(b.version());
      } else {
        req.versionStage(b.version());
      }
    }
    GetSecretValueResponse r;
    try {
      r = client.getSecretValue(req.build());
    } catch (SdkException e) {
      throw failure("GetSecretValue " + ref.path() + (b.version() == null ? "" : " version " + b.version()), e);
    }
    String text = r.secretString() != null ? r.secretString()
        : r.secretBinary() != null ? r.secretBinary().asString(StandardCharsets.UTF_8) : null;
    if (text == null) {
      throw new BackendException(Failure.CREDENTIAL_NOT_FOUND, "aws-sm secret " + ref.path() + " has no value");
    }
    return Secret.of(JsonFields.pick("aws-sm secret " + ref.path(), text, ref.key()), r.versionId());
  }

  /** AWS VersionIds are UUIDs (32 to 64 characters); anything else is a staging label. */
  private static boolean looksLikeVersionId(String v) {
    return v.length() >= 32 && v.matches("[0-9a-fA-F-]+");
  }

  Rotation rotate(CredentialBinding b) throws BackendException {
    JsonFields.PathAndKey ref = JsonFields.split(b);
    try {
      RotateSecretResponse r = client.rotateSecret(x -> x.secretId(ref.path()).rotateImmediately(true));
      return new Rotation(b.name(), true, r.versionId(), "AWS Secrets Manager rotated " + ref.path() + " (RotateSecret); "
          + "the cached value was dropped");
    } catch (SdkException e) {
      throw failure("RotateSecret " + ref.path(), e);
    }
  }

  private BackendException failure(String what, SdkException e) {
    if (e instanceof AwsServiceException) {
      AwsServiceException s = (AwsServiceException) e;
      String code = s.awsErrorDetails() == null ? null : s.awsErrorDetails().errorCode();
      int status = s.statusCode();
      Failure f = code != null && DENIED.contains(code) || status == 403 ? Failure.BACKEND_DENIED
          : code != null && NOT_FOUND.contains(code) ? Failure.CREDENTIAL_NOT_FOUND
          : Failure.BACKEND_UNAVAILABLE;
      String message = s.awsErrorDetails() == null ? null : s.awsErrorDetails().errorMessage();
      return new BackendException(f, "aws-sm " + what + " in " + region + ": " + (code == null ? "HTTP " + status : code)
          + (message == null ? "" : " (" + message + ")"), e);
    }
    if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
      return new BackendException(Failure.BACKEND_TIMEOUT, "aws-sm " + what + ": no answer within the timeout", e);
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SocketTimeoutException) {
        return new BackendException(Failure.BACKEND_TIMEOUT, "aws-sm " + what + ": no answer within the timeout", e);
      }
      if (t instanceof ConnectException) {
        return new BackendException(Failure.BACKEND_UNAVAILABLE, "aws-sm " + what + ": connection refused", e);
      }
    }
    return new BackendException(Failure.BACKEND_UNAVAILABLE, "aws-sm " + what + ": " + e.getClass().getSimpleName(), e);
  }

  void close() {
    client.close();
  }
}
