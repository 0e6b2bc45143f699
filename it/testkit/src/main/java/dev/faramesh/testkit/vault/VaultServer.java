package dev.faramesh.testkit.vault;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faramesh.testkit.HttpBackendServer;
import dev.faramesh.testkit.HttpEndpoint;
import dev.faramesh.testkit.JsonExchange;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A stateful HashiCorp Vault speaking Vault's HTTP API on loopback: KV version 2 with versions and
 * metadata, {@code sys/mounts}, token auth with a simplified path ACL, AppRole, JWT and Kubernetes
 * logins, and a database secrets engine whose leases renew, expire and revoke on an injectable clock.
 * Everything a test sets up goes through this class; the wire handling is in {@link VaultApi}.
 */
public final class VaultServer extends HttpBackendServer {

    final Clock clock;
    final TokenStore tokens;
    final LeaseTable leases;
    final Map<String, KvV2Mount> kvMounts = new java.util.concurrent.ConcurrentHashMap<>();
    final Map<String, DatabaseRole> databaseRoles = new java.util.concurrent.ConcurrentHashMap<>();
    final Map<String, AuthMount> authMounts = new java.util.concurrent.ConcurrentHashMap<>();
    private final String rootToken;

    /** A login method mounted at {@code auth/{path}}. */
    record AuthMount(String path, String type, Map<String, AuthRole> roles) {
    }

    /** A role of a login method; AppRole roles carry their role and secret ids. */
    record AuthRole(String name, String roleId, String secretId, LoginVerifier verifier, AccessRule rule, Duration tokenTtl) {
    }

    private VaultServer(Clock clock) {
        this.clock = clock;
        this.tokens = new TokenStore(clock);
        this.leases = new LeaseTable(clock);
        this.rootToken = tokens.createRoot().id();
        kvMounts.put("secret", new KvV2Mount());
        serve(HttpEndpoint.http(new VaultApi(this)));
    }

    /** Starts on a random port with the system clock and a KV v2 engine at {@code secret/}. */
    public static VaultServer start() {
        return new VaultServer(Clock.systemUTC());
    }

    /** Starts with a clock the test controls (see {@link dev.faramesh.testkit.TestClock}). */
    public static VaultServer start(Clock clock) {
        return new VaultServer(clock);
    }

    public String rootToken() {
        return rootToken;
    }

    /** A service token limited to the rule's paths that expires after {@code ttl}. */
    public String createToken(AccessRule rule, Duration ttl) {
        return tokens.create(rule, "token", Map.of(), ttl).id();
    }

    public void enableKvV2(String mount) {
        kvMounts.putIfAbsent(mount, new KvV2Mount());
    }

    /** Writes a new version of a KV v2 secret and returns its version number. */
    public int putKv(String mount, String path, Map<String, ?> data) {
        KvV2Mount kv = kvMounts.get(mount);
        if (kv == null) {
            throw new IllegalArgumentException("no KV v2 engine at " + mount + "/");
        }
        JsonNode node = JsonExchange.JSON.valueToTree(data);
        try {
            return kv.write(path, node, null, clock.instant()).number;
        } catch (KvV2Mount.CasMismatch e) {
            throw new IllegalStateException("unreachable: no check-and-set requested", e);
        }
    }

    /** Rotation: the new value becomes the latest version; older versions stay readable by number. */
    public int rotate(String mount, String path, Map<String, ?> data) {
        return putKv(mount, path, data);
    }

    /** The data of a version (0 = latest) as the server holds it, empty if missing or deleted. */
    public Optional<Map<String, Object>> readKv(String mount, String path, int version) {
        KvV2Mount kv = kvMounts.get(mount);
        if (kv == null) {
            return Optional.empty();
        }
        return kv.read(path, version).filter(KvV2Mount.Version::readable)
                .map(v -> JsonExchange.JSON.convertValue(v.data, JsonExchange.JSON.getTypeFactory()
                        .constructMapType(Map.class, String.class, Object.class)));
    }

    /** Adds a role to the database engine at {@code database/}. */
    public void addDatabaseRole(DatabaseRole role) {
        databaseRoles.put(role.name(), role);
    }

    public Optional<Lease> lease(String leaseId) {
        return leases.find(leaseId);
    }

    public List<Lease> leases() {
        return leases.all();
    }

    /** Whether the database would accept this username and password right now. */
    public boolean credentialsValid(String username, String password) {
        return leases.valid(username, password);
    }

    /** Mounts AppRole at {@code auth/approle} (if needed) and adds a role with the given ids. */
    public void addAppRole(String role, String roleId, String secretId, AccessRule rule, Duration tokenTtl) {
        mount("approle", "approle").roles().put(role, new AuthRole(role, roleId, secretId, null, rule, tokenTtl));
    }

    /** Adds a role to a JWT/OIDC login method at {@code auth/{mount}}. */
    public void addJwtRole(String mount, String role, LoginVerifier verifier, AccessRule rule, Duration tokenTtl) {
        mount(mount, "jwt").roles().put(role, new AuthRole(role, null, null, verifier, rule, tokenTtl));
    }

    /** Adds a role to a Kubernetes login method at {@code auth/{mount}} (usually "kubernetes"). */
    public void addKubernetesRole(String mount, String role, LoginVerifier verifier, AccessRule rule, Duration tokenTtl) {
        mount(mount, "kubernetes").roles().put(role, new AuthRole(role, null, null, verifier, rule, tokenTtl));
    }

    private AuthMount mount(String path, String type) {
        AuthMount m = authMounts.computeIfAbsent(path, p -> new AuthMount(p, type, new java.util.concurrent.ConcurrentHashMap<>()));
        if (!m.type().equals(type)) {
            throw new IllegalArgumentException("auth/" + path + " is a " + m.type() + " mount");
        }
        return m;
    }
}
