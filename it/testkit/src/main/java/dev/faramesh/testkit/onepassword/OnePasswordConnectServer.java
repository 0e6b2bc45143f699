package dev.faramesh.testkit.onepassword;

import dev.faramesh.testkit.HttpBackendServer;
import dev.faramesh.testkit.HttpEndpoint;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A 1Password Connect server on loopback: vaults and items with labelled fields, looked up by id or
 * by title filter, behind Connect's bearer token. Tokens are opaque to clients, so the server issues
 * random ones ({@link #issueToken()}) and accepts only those. Rotating a field bumps the item's version.
 */
public final class OnePasswordConnectServer extends HttpBackendServer {
    private static final SecureRandom RANDOM = new SecureRandom();

    final ItemStore store = new ItemStore();
    private final Clock clock;
    private final Set<String> tokens = ConcurrentHashMap.newKeySet();

    private OnePasswordConnectServer(Clock clock) {
        this.clock = clock;
        serve(HttpEndpoint.http(new ConnectApi(this)));
    }

    public static OnePasswordConnectServer start() {
        return new OnePasswordConnectServer(Clock.systemUTC());
    }

    public static OnePasswordConnectServer start(Clock clock) {
        return new OnePasswordConnectServer(clock);
    }

    /** A Connect access token this server accepts. */
    public String issueToken() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        String t = "op." + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        tokens.add(t);
        return t;
    }

    /** Withdraws a token: later requests with it get 401. */
    public void revokeToken(String token) {
        tokens.remove(token);
    }

    boolean tokenAccepted(String token) {
        return tokens.contains(token);
    }

    /** Creates a vault and returns its 26-character id. */
    public String createVault(String name) {
        return store.createVault(name, clock.instant()).id;
    }

    /** Creates an item (category e.g. {@code LOGIN}, {@code PASSWORD}, {@code API_CREDENTIAL}); returns its id. */
    public String createItem(String vaultId, String title, String category, List<ItemField> fields) {
        return store.createItem(vaultId, title, category, fields, clock.instant()).id;
    }

    /** Rotation: sets the labelled field to a new value and returns the item's new version. */
    public int rotate(String vaultId, String itemId, String label, String newValue) {
        return store.setField(vaultId, itemId, label, newValue, clock.instant());
    }

    /** The stored value of a field, for assertions. */
    public Optional<String> fieldValue(String vaultId, String itemId, String label) {
        return store.item(vaultId, itemId)
                .flatMap(i -> i.fields.stream().filter(f -> f.label().equals(label)).findFirst())
                .map(ItemField::value);
    }
}
