package dev.faramesh.broker.azure;

import com.azure.core.credential.TokenRequestContext;
import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.exception.ResourceNotFoundException;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.SecretClientBuilder;
import com.azure.security.keyvault.secrets.models.KeyVaultSecret;
import dev.faramesh.broker.BackendException;
import dev.faramesh.broker.Failure;
import dev.faramesh.broker.JsonFields;
import dev.faramesh.broker.Secret;
import dev.faramesh.policy.CredentialBinding;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The SDK side of the Azure backend: one {@link SecretClient} on the JDK HttpClient with the SDK's
 * retries off and every request bounded by the timeout. Key Vault's challenge-resource check stays on
 * for Azure's own vault domains and is relaxed only for other hosts (sovereign or test endpoints).
 */
final class AzureSecretsClient {

  private static final List<String> AZURE_VAULT_DOMAINS = List.of(".vault.azure.net", ".vault.azure.cn",
      ".vault.usgovcloudapi.net", ".vault.microsoftazure.de", ".managedhsm.azure.net");

  private final SecretClient client;
  private final EntraTokenCredential credential;
  private final String vault;

  AzureSecretsClient(AzureKeyVaultBackend.AzureClientSettings s) throws BackendException {
    this.vault = s.vaultUrl().getHost();
    HttpClient.Builder jdk = HttpClient.newBuilder().connectTimeout(min(s.timeout(), Duration.ofSeconds(2)));
    if (s.caCert() != null) {
      jdk.sslContext(trusting(s));
    }
    HttpClient http = jdk.build();
    this.credential = new EntraTokenCredential(s, http);
    SecretClientBuilder b = new SecretClientBuilder()
        .vaultUrl(s.vaultUrl().toString())
        .credential(credential)
        .httpClient(new JdkHttpClientBuilder(jdk).connectionTimeout(min(s.timeout(), Duration.ofSeconds(2)))
            .responseTimeout(s.timeout()).readTimeout(s.timeout()).build())
        .retryOptions(new RetryOptions(new FixedDelayOptions(0, Duration.ofMillis(1))));
    String host = vault.toLowerCase(Locale.ROOT);
    if (AZURE_VAULT_DOMAINS.stream().noneMatch(host::endsWith)) {
      b.disableChallengeResourceVerification();
    }
    this.client = b.buildClient();
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) < 0 ? a : b;
  }

  private static SSLContext trusting(AzureKeyVaultBackend.AzureClientSettings s) throws BackendException {
    try (InputStream in = Files.newInputStream(s.caCert())) {
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(null, null);
      int k = 0;
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        ks.setCertificateEntry("ca-" + k++, c);
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (IOException | GeneralSecurityException e) {
      throw new BackendException(Failure.BACKEND_NOT_CONFIGURED, "azure-kv backend: cannot read ca_cert " + s.caCert()
          + " (" + e.getClass().getSimpleName() + ")");
    }
  }

  Secret read(CredentialBinding b) throws BackendException {
    JsonFields.PathAndKey pk = JsonFields.split(b);
    KeyVaultSecret secret;
    try {
      secret = client.getSecret(pk.path(), b.version());
    } catch (RuntimeException e) {
      throw failure("get secret " + pk.path() + (b.version() == null ? "" : " version " + b.version()), e);
    }
    if (secret.getValue() == null) {
      throw new BackendException(Failure.CREDENTIAL_NOT_FOUND, "azure-kv " + vault + ": secret " + pk.path()
          + " has no value");
    }
    String version = secret.getProperties() == null ? null : secret.getProperties().getVersion();
    return Secret.of(JsonFields.pick("azure-kv secret " + pk.path(), secret.getValue(), pk.key()), version);
  }

  void authenticate() throws BackendException {
    try {
      credential.getTokenSync(new TokenRequestContext().addScopes("https://vault.azure.net/.default"));
    } catch (RuntimeException e) {
      throw failure("token", e);
    }
  }

  private BackendException failure(String what, RuntimeException e) {
    String where = "azure-kv " + vault + ": " + what;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof HttpTimeoutException || t instanceof TimeoutException) {
        return new BackendException(Failure.BACKEND_TIMEOUT, where + ": no answer within the timeout", e);
      }
      if (t instanceof ConnectException) {
        return new BackendException(Failure.BACKEND_UNAVAILABLE, where + ": connection refused", e);
      }
    }
    // only after the whole chain was searched for an outage: the token request's own failure wraps it
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof EntraTokenCredential.Unavailable) {
        return new BackendException(Failure.BACKEND_UNAVAILABLE, where + ": " + t.getMessage(), e);
      }
      if (t instanceof ClientAuthenticationException && t.getMessage() != null && t.getMessage().startsWith("Entra")
          || t instanceof ClientAuthenticationException && t.getMessage() != null && t.getMessage().startsWith("managed")) {
        return new BackendException(Failure.BACKEND_DENIED, where + ": " + t.getMessage(), e);
      }
    }
    if (e instanceof ResourceNotFoundException) {
      return new BackendException(Failure.CREDENTIAL_NOT_FOUND, where + ": SecretNotFound", e);
    }
    if (e instanceof HttpResponseException && ((HttpResponseException) e).getResponse() != null) {
      int status = ((HttpResponseException) e).getResponse().getStatusCode();
      // the message carries the response body: only looked at, never quoted
      if (status == 403 && e.getMessage() != null && e.getMessage().contains("SecretDisabled")) {
        return new BackendException(Failure.CREDENTIAL_NOT_FOUND, where + ": the secret (version) is disabled", e);
      }
      Failure f = status == 401 || status == 403 ? Failure.BACKEND_DENIED
          : status == 404 || status == 400 ? Failure.CREDENTIAL_NOT_FOUND : Failure.BACKEND_UNAVAILABLE;
      return new BackendException(f, where + ": HTTP " + status, e);
    }
    return new BackendException(Failure.BACKEND_UNAVAILABLE, where + ": " + e.getClass().getSimpleName(), e);
  }
}
