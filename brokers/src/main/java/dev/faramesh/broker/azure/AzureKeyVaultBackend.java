package dev.faramesh.broker.azure;

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
import java.util.Optional;

/**
 * The {@code azure-kv} backend: Azure Key Vault secrets through azure-security-keyvault-secrets on
 * the JDK's HttpClient, with Key Vault's bearer-challenge flow. The path is the secret's name,
 * optionally {@code #key} of a JSON value; the version is a Key Vault version id. {@code vault_url}
 * is required. The token comes from a service principal ({@code tenant_id}, {@code client_id},
 * {@code client_secret}, or the {@code AZURE_*} variables), from workload identity (a federated token
 * in {@code federated_token_file} / {@code AZURE_FEDERATED_TOKEN_FILE}), else from the VM's managed
 * identity through IMDS ({@code client_id} picks a user-assigned one). {@code authority_host},
 * {@code imds_endpoint} and {@code ca_cert} (a PEM file of extra trusted CAs) point it elsewhere.
 * The SDK is only loaded on first use.
 */
public final class AzureKeyVaultBackend implements CredentialBackend {

  // A lambda, not a constructor reference: linking it must not load the client (and its SDK).
  private final LazyClient<AzureClientSettings, AzureSecretsClient> client =
      new LazyClient<>("azure-kv", s -> new AzureSecretsClient(s));

  /** How the Entra token is obtained. */
  enum Identity { CLIENT_SECRET, WORKLOAD_IDENTITY, MANAGED_IDENTITY }

  /** What the client is built from, read without touching the SDK. */
  record AzureClientSettings(URI vaultUrl, Identity identity, String tenantId, String clientId, String clientSecret,
      Path federatedTokenFile, URI authorityHost, URI imdsEndpoint, Path caCert, Duration timeout) {
    @Override
    public String toString() {
      return "AzureClientSettings[" + vaultUrl + ", " + identity + "]";
    }
  }

  @Override
  public String type() {
    return "azure-kv";
  }

  @Override
  public void configure(BackendContext context) throws BackendException {
    BackendSettings s = context.settings(type());
    if (s.get("vault_url").isEmpty()) {
      throw new BackendException(Failure.BACKEND_NOT_CONFIGURED, "azure-kv backend: no vault URL ("
          + s.howToSet("vault_url") + ", or pass --azure-vault-url)");
    }
    URI vault = s.url("vault_url");
    if (!"https".equals(vault.getScheme())) {
      throw new BackendException(Failure.BACKEND_NOT_CONFIGURED, "azure-kv backend: vault_url must be https "
          + "(bearer tokens are never sent in the clear)");
    }
    Optional<String> tenant = s.get("tenant_id").or(() -> s.environment("AZURE_TENANT_ID"));
    Optional<String> clientId = s.get("client_id").or(() -> s.environment("AZURE_CLIENT_ID"));
    Optional<String> secret = s.get("client_secret").or(() -> s.environment("AZURE_CLIENT_SECRET"));
    Optional<Path> federated = s.path("federated_token_file")
        .or(() -> s.environment("AZURE_FEDERATED_TOKEN_FILE").map(Path::of));
    Identity identity = secret.isPresent() ? Identity.CLIENT_SECRET
        : federated.isPresent() ? Identity.WORKLOAD_IDENTITY : Identity.MANAGED_IDENTITY;
    if (identity != Identity.MANAGED_IDENTITY && (tenant.isEmpty() || clientId.isEmpty())) {
      throw new BackendException(Failure.BACKEND_NOT_CONFIGURED, "azure-kv backend: a service principal or workload "
          + "identity needs tenant_id and client_id (or AZURE_TENANT_ID and AZURE_CLIENT_ID)");
    }
    URI authority = URI.create(s.get("authority_host").or(() -> s.environment("AZURE_AUTHORITY_HOST"))
        .orElse("https://login.microsoftonline.com"));
    URI imds = URI.create(s.get("imds_endpoint").orElse("http://169.254.169.254"));
    client.configure(new AzureClientSettings(vault, identity, tenant.orElse(null), clientId.orElse(null),
        secret.orElse(null), federated.orElse(null), authority, imds, s.path("ca_cert").orElse(null), s.timeout()));
  }

  @Override
  public Secret fetch(CredentialBinding binding) throws BackendException {
    return client.get().read(binding);
  }

  @Override
  public boolean authenticate() throws BackendException {
    client.get().authenticate();
    return true;
  }
}
