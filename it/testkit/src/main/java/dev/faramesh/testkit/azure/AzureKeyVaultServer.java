package dev.faramesh.testkit.azure;

import dev.faramesh.testkit.HttpBackendServer;
import dev.faramesh.testkit.HttpEndpoint;
import dev.faramesh.testkit.SelfSignedTls;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Azure Key Vault (secrets) on loopback over HTTPS with a certificate generated for this run, as the
 * Azure SDK refuses token credentials over plain HTTP. Requests go through Key Vault's bearer challenge
 * for this server's tenant, then a pluggable token check ({@link #acceptTokens}); by default only
 * tokens made by {@link #issueToken()} pass. Reads take the latest or a given version, under
 * api-version 2025-07-01 or any 7.x.
 */
public final class AzureKeyVaultServer extends HttpBackendServer {
    private static final SecureRandom RANDOM = new SecureRandom();

    final Clock clock;
    final SecretVersions secrets = new SecretVersions();
    volatile Predicate<String> tokenVerifier;
    private final Set<String> issued = ConcurrentHashMap.newKeySet();
    private final String tenantId = UUID.randomUUID().toString();
    private final SelfSignedTls tls = SelfSignedTls.generate();

    private AzureKeyVaultServer(Clock clock) {
        this.clock = clock;
        this.tokenVerifier = issued::contains;
        serve(HttpEndpoint.https(tls.serverContext(), new KeyVaultApi(this)));
    }

    public static AzureKeyVaultServer start() {
        return new AzureKeyVaultServer(Clock.systemUTC());
    }

    public static AzureKeyVaultServer start(Clock clock) {
        return new AzureKeyVaultServer(clock);
    }

    /** The TLS material; clients trust {@code tls().clientContext()}. */
    public SelfSignedTls tls() {
        return tls;
    }

    /** The tenant named in the bearer challenge. */
    public String tenantId() {
        return tenantId;
    }

    /** An opaque access token the default verifier accepts. */
    public String issueToken() {
        byte[] b = new byte[24];
        RANDOM.nextBytes(b);
        String token = "kv." + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        issued.add(token);
        return token;
    }

    /** Replaces the token check, e.g. with a JWT verifier for Entra-like tokens. */
    public void acceptTokens(Predicate<String> verifier) {
        this.tokenVerifier = verifier;
    }

    /** Adds a version that becomes the latest; returns its 32-hex-character version id. */
    public String setSecret(String name, String value) {
        return secrets.add(name, value, null, clock.instant()).id;
    }

    /** Rotation: the new value becomes the latest version. */
    public String rotate(String name, String value) {
        return setSecret(name, value);
    }

    /** Disables or re-enables a version; reading a disabled version is {@code Forbidden}. */
    public void setEnabled(String name, String version, boolean enabled) {
        secrets.find(name, version).orElseThrow(() -> new IllegalArgumentException("no such version")).enabled = enabled;
    }

    /** The stored value of a version ("" for the latest), whether enabled or not. */
    public Optional<String> value(String name, String version) {
        return secrets.find(name, version).map(v -> v.value);
    }
}
