package dev.faramesh.broker.onepassword;

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
 * The {@code 1password} backend: 1Password Connect through opconnect-java (Retrofit + okhttp). The
 * binding's path names an item as {@code op://<vault>/<item>[/<field>]} (1Password's secret-reference
 * syntax), {@code <vault>/<item>[/<field>]}, or just {@code <item>} in the default {@code vault};
 * vaults and items are given by id or by name/title. The field is the binding's {@code field}, else
 * the one in the path, else the item's password-purpose field, else its only concealed field.
 * {@code host} and {@code token} are required ({@code FARAMESH_CREDENTIAL_1PASSWORD_HOST},
 * {@code FARAMESH_CREDENTIAL_1PASSWORD_TOKEN}, or the SDK-standard {@code OP_CONNECT_HOST},
 * {@code OP_CONNECT_TOKEN}); {@code vault} is the default vault. Connect serves only an item's
 * current version: a pinned {@code version} that is not the current one is not found. The SDK is only
 * loaded on first use.
 */
public final class OnePasswordBackend implements CredentialBackend {

  // A lambda, not a constructor reference: linking it must not load the client (and its SDK).
  private final LazyClient<ConnectSettings, OnePasswordClient> client =
      new LazyClient<>("1password", s -> new OnePasswordClient(s));

  /** What the client is built from, read without touching the SDK. */
  record ConnectSettings(URI host, String token, String vault, Duration timeout) {
    @Override
    public String toString() {
      return "ConnectSettings[" + host + (vault == null ? "" : ", vault " + vault) + "]";
    }
  }

  @Override
  public String type() {
    return "1password";
  }

  @Override
  public void configure(BackendContext context) throws BackendException {
    BackendSettings s = context.settings(type());
    if (s.get("host").isEmpty() && s.environment("OP_CONNECT_HOST").isEmpty()) {
      throw new BackendException(Failure.BACKEND_NOT_CONFIGURED, "1password backend: no Connect host ("
          + s.howToSet("host") + ", or OP_CONNECT_HOST)");
    }
    URI host = s.get("host").isPresent() ? s.url("host") : URI.create(s.environment("OP_CONNECT_HOST").get());
    String token = s.get("token").or(() -> s.environment("OP_CONNECT_TOKEN"))
        .orElseThrow(() -> new BackendException(Failure.BACKEND_NOT_CONFIGURED, "1password backend: no Connect token ("
            + s.howToSet("token") + ", or OP_CONNECT_TOKEN)"));
    client.configure(new ConnectSettings(host, token, s.get("vault").orElse(null), s.timeout()));
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

  @Override
  public void close() {
    OnePasswordClient c = client.built();
    if (c != null) {
      c.close();
    }
  }
}
