package dev.faramesh.broker.onepassword;

import com.sanctionco.opconnect.OPConnectClient;
import com.sanctionco.opconnect.model.Field;
import com.sanctionco.opconnect.model.Item;
import com.sanctionco.opconnect.model.Purpose;
import com.sanctionco.opconnect.model.Type;
import com.sanctionco.opconnect.model.Vault;
import dev.faramesh.broker.BackendException;
import dev.faramesh.broker.Failure;
import dev.faramesh.broker.Secret;
import dev.faramesh.policy.CredentialBinding;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import retrofit2.HttpException;

/**
 * The SDK side of the 1Password backend: one {@link OPConnectClient} with the timeout set on the
 * client and, again, on every wait. Vault names and item titles are resolved through Connect's
 * {@code filter} queries and remembered (ids do not change). Never renders an {@link Item} or a
 * {@link Field}: their {@code toString} include values.
 */
final class OnePasswordClient {

  /** 1Password ids: 26 lower-case base-32 characters. */
  private static final Pattern ID = Pattern.compile("[a-z0-9]{26}");

  private final OPConnectClient client;
  private final OnePasswordBackend.ConnectSettings s;
  private final String where;
  private final Map<String, String> vaultIds = new ConcurrentHashMap<>();
  private final Map<String, String> itemIds = new ConcurrentHashMap<>();

  OnePasswordClient(OnePasswordBackend.ConnectSettings settings) {
    this.s = settings;
    this.where = "1password " + settings.host().getHost() + (settings.host().getPort() < 0 ? ""
        : ":" + settings.host().getPort());
    this.client = OPConnectClient.builder().withEndpoint(settings.host().toString()).withAccessToken(settings.token())
        .withTimeoutInMilliseconds(Math.max(1, (int) settings.timeout().toMillis())).build();
  }

  /** Vault, item and field of a binding. */
  record Reference(String vault, String item, String field) {}

  Reference reference(CredentialBinding b) throws BackendException {
    String p = b.path().trim();
    if (p.startsWith("op://")) {
      p = p.substring("op://".length());
    }
    List<String> parts = new ArrayList<>(List.of(p.split("/", -1)));
    parts.removeIf(String::isEmpty);
    String vault;
    String item;
    String field = null;
    if (parts.size() == 1 && s.vault() != null) {
      vault = s.vault();
      item = parts.get(0);
    } else if (parts.size() == 2 || parts.size() == 3) {
      vault = parts.get(0);
      item = parts.get(1);
      field = parts.size() == 3 ? parts.get(2) : null;
    } else {
      throw new BackendException(Failure.CREDENTIAL_NOT_FOUND, where + ": path " + b.path() + " of " + b.name()
          + " is not op://<vault>/<item>[/<field>] (or <item> with a default vault)");
    }
    if (b.field() != null && !b.field().isBlank()) {
      field = b.field();
    }
    return new Reference(vault, item, field);
  }

  Secret read(CredentialBinding b) throws BackendException {
    Reference r = reference(b);
    String vaultId = vaultId(r.vault());
    String itemId = itemId(vaultId, r);
    Item item = await("get item " + r.item() + " in vault " + r.vault(), client.getItem(vaultId, itemId));
    String version = item.getVersion() == null ? null : String.valueOf(item.getVersion());
    if (b.version() != null && !b.version().equals(version)) {
      throw new BackendException(Failure.CREDENTIAL_NOT_FOUND, where + ": item " + r.item() + " is at version " + version
          + ", not " + b.version() + " (Connect serves only the current version)");
    }
    Field f = pick(item, r);
    if (f.getValue() == null || f.getValue().isEmpty()) {
      throw new BackendException(Failure.CREDENTIAL_NOT_FOUND, where + ": field " + label(f) + " of item " + r.item()
          + " is empty");
    }
    return Secret.of(f.getValue(), version);
  }

  private Field pick(Item item, Reference r) throws BackendException {
    List<Field> fields = item.getFields() == null ? List.of() : item.getFields();
    if (r.field() != null) {
      for (Field f : fields) {
        if (r.field().equals(f.getLabel()) || r.field().equals(f.getId())) {
          return f;
        }
      }
      throw new BackendException(Failure.CREDENTIAL_NOT_FOUND, where + ": item " + r.item() + " has no field "
          + r.field());
    }
    for (Field f : fields) {
      if (f.getPurpose() == Purpose.PASSWORD) {
        return f;
      }
    }
    List<Field> concealed = fields.stream().filter(f -> f.getType() == Type.CONCEALED).toList();
    if (concealed.size() == 1) {
      return concealed.get(0);
    }
    throw new BackendException(Failure.CREDENTIAL_NOT_FOUND, where + ": item " + r.item() + " has "
        + (concealed.isEmpty() ? "no password or concealed field" : concealed.size() + " concealed fields")
        + "; name one with field or op://<vault>/<item>/<field>");
  }

  private static String label(Field f) {
    return f.getLabel() == null ? f.getId() : f.getLabel();
  }

  private String vaultId(String vault) throws BackendException {
    if (ID.matcher(vault).matches()) {
      return vault;
    }
    String known = vaultIds.get(vault);
    if (known != null) {
      return known;
    }
    List<Vault> found = await("find vault " + vault, client.listVaults("name eq \"" + quote(vault) + "\""));
    if (found.isEmpty()) {
      throw new BackendException(Failure.CREDENTIAL_NOT_FOUND, where + ": no vault named " + vault
          + " is shared with this Connect token");
    }
    vaultIds.put(vault, found.get(0).getId());
    return found.get(0).getId();
  }

  private String itemId(String vaultId, Reference r) throws BackendException {
    if (ID.matcher(r.item()).matches()) {
      return r.item();
    }
    String key = vaultId + "/" + r.item();
    String known = itemIds.get(key);
    if (known != null) {
      return known;
    }
    List<Item> found = await("find item " + r.item(), client.listItems(vaultId, "title eq \"" + quote(r.item()) + "\""));
    if (found.isEmpty()) {
      throw new BackendException(Failure.CREDENTIAL_NOT_FOUND, where + ": no item titled " + r.item() + " in vault "
          + r.vault());
    }
    if (found.size() > 1) {
      throw new BackendException(Failure.CREDENTIAL_NOT_FOUND, where + ": " + found.size() + " items titled " + r.item()
          + " in vault " + r.vault() + "; bind it by id");
    }
    itemIds.put(key, found.get(0).getId());
    return found.get(0).getId();
  }

  private static String quote(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  /** Logs in for real: lists the vaults the token can see (Connect has no separate auth call). */
  void authenticate() throws BackendException {
    await("list vaults", client.listVaults());
  }

  private <T> T await(String what, CompletableFuture<T> call) throws BackendException {
    try {
      return call.get(s.timeout().toMillis() + 250, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      call.cancel(true);
      throw new BackendException(Failure.BACKEND_TIMEOUT, where + ": " + what + ": no answer within the timeout", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackendException(Failure.BACKEND_UNAVAILABLE, where + ": " + what + ": interrupted", e);
    } catch (ExecutionException e) {
      throw failure(what, e.getCause() == null ? e : e.getCause());
    }
  }

  private BackendException failure(String what, Throwable e) {
    String w = where + ": " + what;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof HttpException) {
        int status = ((HttpException) t).code();
        Failure f = status == 401 || status == 403 ? Failure.BACKEND_DENIED
            : status == 404 ? Failure.CREDENTIAL_NOT_FOUND
            : status == 400 ? Failure.CREDENTIAL_INVALID : Failure.BACKEND_UNAVAILABLE;
        return new BackendException(f, w + ": HTTP " + status, e);
      }
      if (t instanceof ConnectException) {
        return new BackendException(Failure.BACKEND_UNAVAILABLE, w + ": connection refused", e);
      }
      if (t instanceof InterruptedIOException) {
        return new BackendException(Failure.BACKEND_TIMEOUT, w + ": no answer within the timeout", e);
      }
    }
    return new BackendException(Failure.BACKEND_UNAVAILABLE, w + ": " + e.getClass().getSimpleName(), e);
  }

  void close() {
    client.close();
  }
}
