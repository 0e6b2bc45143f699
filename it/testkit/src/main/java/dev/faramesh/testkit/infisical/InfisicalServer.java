package dev.faramesh.testkit.infisical;

import dev.faramesh.testkit.HttpBackendServer;
import dev.faramesh.testkit.HttpEndpoint;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A self-hosted Infisical on loopback: machine identities log in with universal auth and read secrets
 * by project, environment, folder path and name, latest or by version, over the v4 and v3 routes.
 * Access tokens expire on the server's clock; an identity can be limited to some projects.
 */
public final class InfisicalServer extends HttpBackendServer {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A registered identity and the projects it may read (empty = all). */
    record Identity(MachineIdentity credentials, Set<String> projects) {
        boolean allows(String projectId) {
            return projects.isEmpty() || projects.contains(projectId);
        }
    }

    /** An access token issued at login. */
    record Session(Identity identity, Instant expires) {
    }

    final ProjectSecrets secrets = new ProjectSecrets();
    private final Clock clock;
    private volatile Duration tokenTtl = Duration.ofHours(2);
    private final Map<String, Identity> identities = new ConcurrentHashMap<>();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    private InfisicalServer(Clock clock) {
        this.clock = clock;
        serve(HttpEndpoint.http(new InfisicalApi(this)));
    }

    public static InfisicalServer start() {
        return new InfisicalServer(Clock.systemUTC());
    }

    public static InfisicalServer start(Clock clock) {
        return new InfisicalServer(clock);
    }

    /** A machine identity with universal-auth credentials, allowed the given projects (none = all). */
    public MachineIdentity createIdentity(String... projectIds) {
        MachineIdentity id = new MachineIdentity(UUID.randomUUID().toString(), hex(32));
        identities.put(id.clientId(), new Identity(id, Set.of(projectIds)));
        return id;
    }

    /** How long access tokens issued from now on live ({@code expiresIn}). */
    public void tokenTtl(Duration ttl) {
        this.tokenTtl = ttl;
    }

    Duration tokenTtl() {
        return tokenTtl;
    }

    /** Writes a new version of a secret; returns its version number (1 for a new secret). */
    public int putSecret(String projectId, String environment, String secretPath, String name, String value) {
        return secrets.put(new ProjectSecrets.Location(projectId, environment, secretPath, name), value, clock.instant()).version();
    }

    /** Rotation: the new value becomes the latest version. */
    public int rotate(String projectId, String environment, String secretPath, String name, String value) {
        return putSecret(projectId, environment, secretPath, name, value);
    }

    /** The stored value of a version (null = latest), for assertions. */
    public Optional<String> value(String projectId, String environment, String secretPath, String name, Integer version) {
        return secrets.get(new ProjectSecrets.Location(projectId, environment, secretPath, name), version)
                .map(ProjectSecrets.Version::value);
    }

    Optional<String> login(String clientId, String clientSecret) {
        Identity identity = identities.get(clientId);
        if (identity == null || !MessageDigest.isEqual(identity.credentials().clientSecret().getBytes(StandardCharsets.UTF_8),
                clientSecret.getBytes(StandardCharsets.UTF_8))) {
            return Optional.empty();
        }
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        sessions.put(token, new Session(identity, clock.instant().plus(tokenTtl)));
        return Optional.of(token);
    }

    Optional<Session> session(String token) {
        Session s = sessions.get(token);
        return s != null && clock.instant().isBefore(s.expires()) ? Optional.of(s) : Optional.empty();
    }

    private static String hex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return java.util.HexFormat.of().formatHex(b);
    }
}
