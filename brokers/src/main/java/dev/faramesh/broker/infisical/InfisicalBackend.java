package dev.faramesh.broker.infisical;

import dev.faramesh.broker.BackendContext;
import dev.faramesh.broker.BackendException;
import dev.faramesh.broker.BackendSettings;
import dev.faramesh.broker.CredentialBackend;
import dev.faramesh.broker.Failure;
import dev.faramesh.broker.LazyClient;
import dev.faramesh.broker.Secret;
import dev.faramesh.policy.CredentialBinding;
import java.net.URI;
import java.time.Duration;

/**
 * The {@code infisical} backend: Infisical's REST API on the JDK HttpClient and Jackson (Infisical
 * publishes no Java SDK to Maven Central). Logs in with universal auth ({@code client_id},
 * {@code client_secret}; {@code INFISICAL_UNIVERSAL_AUTH_CLIENT_ID}/{@code _SECRET} too), keeps the
 * access token until shortly before it expires, and reads {@code GET /api/v4/secrets/{name}}, falling
 * back to the v3 raw route on servers without v4. {@code host} ({@code FARAMESH_CREDENTIAL_INFISICAL_HOST}),
 * {@code project} and {@code environment} are required; {@code secret_path} defaults to {@code /}.
 * A binding's path is {@code [/folder/...]/NAME}; its version is Infisical's version number.
 */
public final class InfisicalBackend implements CredentialBackend {

  // A lambda, not a constructor reference: linking it must not load the client (and its SDK).
  private final LazyClient<InfisicalSettings, InfisicalClient> client =
      new LazyClient<>("infisical", s -> new InfisicalClient(s));

  /** Everything the client needs. */
  record InfisicalSettings(URI host, String clientId, String clientSecret, String project, String environment,
      String secretPath, Duration timeout) {
    @Override
    public String toString() {
      return "InfisicalSettings[" + host + ", project " + project + ", " + environment + "]";
    }
  }

  @Override
  public String type() {
    return "infisical";
  }

  @Override
  public void configure(BackendContext context) throws BackendException {
    BackendSettings s = context.settings(type());
    if (s.get("host").isEmpty() && s.environment("INFISICAL_API_URL").isEmpty()) {
      throw new BackendException(Failure.BACKEND_NOT_CONFIGURED, "infisical backend: no host (" + s.howToSet("host")
          + ")");
    }
    URI host = s.get("host").isPresent() ? s.url("host") : URI.create(s.environment("INFISICAL_API_URL").get());
    String id = s.get("client_id").or(() -> s.environment("INFISICAL_UNIVERSAL_AUTH_CLIENT_ID"))
        .orElseThrow(() -> missing(s, "client_id"));
    String secret = s.get("client_secret").or(() -> s.environment("INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET"))
        .orElseThrow(() -> missing(s, "client_secret"));
    String project = s.first("project", "project_id", "workspace_id").orElseThrow(() -> missing(s, "project"));
    String environment = s.require("environment");
    String path = s.get("secret_path").orElse("/");
    client.configure(new InfisicalSettings(host, id, secret, project, environment, path.startsWith("/") ? path : "/" + path,
        s.timeout()));
  }

  private static BackendException missing(BackendSettings s, String key) {
    return new BackendException(Failure.BACKEND_NOT_CONFIGURED, "infisical backend: " + key + " is not set ("
        + s.howToSet(key) + ")");
  }

  @Override
  public Secret fetch(CredentialBinding binding) throws BackendException {
    return client.get().read(binding);
  }

  @Override
  public boolean authenticate() throws BackendException {
    client.get().login();
    return true;
  }
}
