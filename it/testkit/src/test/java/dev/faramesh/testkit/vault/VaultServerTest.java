package dev.faramesh.testkit.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.faramesh.testkit.RandomValues;
import dev.faramesh.testkit.TestClock;
import dev.faramesh.testkit.oidc.GitHubActionsClaims;
import dev.faramesh.testkit.oidc.SigningKeys;
import dev.faramesh.testkit.oidc.TokenMinter;
import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultConfig;
import io.github.jopenlibs.vault.VaultException;
import io.github.jopenlibs.vault.response.AuthResponse;
import io.github.jopenlibs.vault.response.LogicalResponse;
import io.github.jopenlibs.vault.response.VaultResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Drives the real vault-java-driver 6.2.1 against {@link VaultServer} over a real socket. */
class VaultServerTest {
    private final TestClock clock = new TestClock();
    private VaultServer server;

    @BeforeEach
    void start() {
        server = VaultServer.start(clock);
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private Vault client(String token, Map<String, String> engines) throws VaultException {
        VaultConfig cfg = new VaultConfig().address(server.baseUrl().toString()).token(token)
                .openTimeout(2).readTimeout(2);
        if (engines != null) {
            cfg.secretsEnginePathMap(engines);
        }
        return Vault.create(cfg.build(), engines == null ? 2 : 1);
    }

    private Vault kvClient(String token) throws VaultException {
        return client(token, null);
    }

    private Vault mixedClient(String token) throws VaultException {
        return client(token, Map.of("secret/", "2", "database/", "1"));
    }

    @Test
    void readsLatestAndPinnedKvVersionsAndSeesRotation() throws Exception {
        String v1 = RandomValues.secret();
        String v2 = RandomValues.secret();
        server.putKv("secret", "app/stripe", Map.of("api-key", v1));
        Vault vault = kvClient(server.rootToken());

        assertThat(vault.logical().read("secret/app/stripe").getData()).containsEntry("api-key", v1);
        assertThat(server.rotate("secret", "app/stripe", Map.of("api-key", v2))).isEqualTo(2);

        LogicalResponse latest = vault.logical().read("secret/app/stripe");
        assertThat(latest.getData()).containsEntry("api-key", v2);
        assertThat(vault.logical().read("secret/app/stripe", false, 1).getData()).containsEntry("api-key", v1);
        assertThat(server.requests().last().queryNames()).contains("version");
    }

    @Test
    void writesThroughTheClientCreateNewVersions() throws Exception {
        Vault vault = kvClient(server.rootToken());
        String value = RandomValues.secret();
        vault.logical().write("secret/app/db", Map.of("password", value));
        vault.logical().write("secret/app/db", Map.of("password", value + "x"));
        assertThat(server.readKv("secret", "app/db", 1)).hasValueSatisfying(m -> assertThat(m).containsEntry("password", value));
        assertThat(server.readKv("secret", "app/db", 0)).hasValueSatisfying(m -> assertThat(m).containsEntry("password", value + "x"));
        assertThat(vault.logical().list("secret/app").getListData()).containsExactly("db");
    }

    @Test
    void deletedLatestVersionIsNotFoundButOlderStillReads() throws Exception {
        String v1 = RandomValues.secret();
        server.putKv("secret", "app/x", Map.of("k", v1));
        server.putKv("secret", "app/x", Map.of("k", RandomValues.secret()));
        Vault vault = kvClient(server.rootToken());
        vault.logical().delete("secret/app/x", new int[] {2});
        assertThat(status(vault.logical().read("secret/app/x", false, 0))).isEqualTo(404);
        assertThat(vault.logical().read("secret/app/x", false, 1).getData()).containsEntry("k", v1);
    }

    @Test
    void missingSecretIs404() throws Exception {
        Vault vault = kvClient(server.rootToken());
        assertThat(status(vault.logical().read("secret/nope", false, 0))).isEqualTo(404);
    }

    @Test
    void unknownTokenPathOutsideTheRuleAndDenyAllAre403() throws Exception {
        server.putKv("secret", "app/a", Map.of("k", RandomValues.secret()));
        server.putKv("secret", "other/b", Map.of("k", RandomValues.secret()));
        String limited = server.createToken(AccessRule.of("app", "secret/data/app/*"), Duration.ofHours(1));

        assertThat(kvClient(limited).logical().read("secret/app/a", false, 0).getRestResponse().getStatus()).isEqualTo(200);
        assertThat(status(kvClient(limited).logical().read("secret/other/b", false, 0))).isEqualTo(403);
        assertThat(status(kvClient("hvs." + RandomValues.hex(12)).logical().read("secret/app/a", false, 0))).isEqualTo(403);

        server.denyAll(true);
        LogicalResponse denied = kvClient(server.rootToken()).logical().read("secret/app/a", false, 0);
        assertThat(status(denied)).isEqualTo(403);
        assertThat(new String(denied.getRestResponse().getBody(), StandardCharsets.UTF_8))
                .isEqualTo("{\"errors\":[\"permission denied\"]}");
    }

    @Test
    void mountsAreDiscoveredByTheDriver() throws Exception {
        VaultConfig cfg = new VaultConfig().address(server.baseUrl().toString()).token(server.rootToken())
                .openTimeout(2).readTimeout(2).build();
        Vault vault = Vault.create(cfg, true, 1);
        assertThat(vault.getSecretEngineVersions()).containsEntry("secret/", "2");
        assertThat(server.requests().to("/v1/sys/mounts")).isNotEmpty();
    }

    @Test
    void dynamicCredentialsRenewExpireAndRevoke() throws Exception {
        server.addDatabaseRole(new DatabaseRole("readonly", Duration.ofMinutes(10), Duration.ofMinutes(30), true));
        Vault vault = mixedClient(server.rootToken());

        LogicalResponse creds = vault.logical().read("database/creds/readonly");
        String leaseId = creds.getLeaseId();
        String user = creds.getData().get("username");
        String password = creds.getData().get("password");
        assertThat(leaseId).startsWith("database/creds/readonly/");
        assertThat(creds.getLeaseDuration()).isEqualTo(600);
        assertThat(creds.getRenewable()).isTrue();
        assertThat(server.credentialsValid(user, password)).isTrue();
        assertThat(server.credentialsValid(user, password + "x")).isFalse();

        clock.advance(Duration.ofMinutes(5));
        VaultResponse renewed = vault.sys().leases().renew(leaseId, 1200);
        String body = new String(renewed.getRestResponse().getBody(), StandardCharsets.UTF_8);
        assertThat(body).contains("\"lease_duration\":1200").contains(leaseId);

        // 20 minutes after issue only 10 minutes of max TTL remain: the renewal is capped with a warning.
        clock.advance(Duration.ofMinutes(15));
        String capped = new String(vault.sys().leases().renew(leaseId, 1200).getRestResponse().getBody(), StandardCharsets.UTF_8);
        assertThat(capped).contains("\"lease_duration\":600").contains("max_ttl");

        VaultResponse revoked = vault.sys().leases().revoke(leaseId);
        assertThat(revoked.getRestResponse().getStatus()).isEqualTo(204);
        assertThat(server.credentialsValid(user, password)).isFalse();
        assertThat(server.lease(leaseId)).hasValueSatisfying(l -> assertThat(l.revoked()).isTrue());
        assertThatThrownBy(() -> vault.sys().leases().renew(leaseId, 60))
                .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.getHttpStatusCode()).isEqualTo(400));
    }

    @Test
    void expiredAndNonRenewableLeasesCannotBeRenewed() throws Exception {
        server.addDatabaseRole(new DatabaseRole("short", Duration.ofSeconds(60), Duration.ofHours(1), true));
        server.addDatabaseRole(new DatabaseRole("fixed", Duration.ofSeconds(60), Duration.ofHours(1), false));
        Vault vault = mixedClient(server.rootToken());
        LogicalResponse shortLived = vault.logical().read("database/creds/short");
        LogicalResponse fixed = vault.logical().read("database/creds/fixed");
        assertThat(fixed.getRenewable()).isFalse();
        assertThatThrownBy(() -> vault.sys().leases().renew(fixed.getLeaseId(), 60))
                .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.getHttpStatusCode()).isEqualTo(400));

        clock.advance(Duration.ofSeconds(61));
        assertThat(server.credentialsValid(shortLived.getData().get("username"), shortLived.getData().get("password"))).isFalse();
        assertThatThrownBy(() -> vault.sys().leases().renew(shortLived.getLeaseId(), 60))
                .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.getHttpStatusCode()).isEqualTo(400));
    }

    @Test
    void revokeAcceptsPutAsTheGoBrokerSendsIt() throws Exception {
        server.addDatabaseRole(new DatabaseRole("ro", Duration.ofMinutes(10), Duration.ofHours(1), true));
        Vault vault = mixedClient(server.rootToken());
        LogicalResponse creds = vault.logical().read("database/creds/ro");
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(server.baseUrl() + "/v1/sys/leases/revoke"))
                .header("X-Vault-Token", server.rootToken())
                .PUT(HttpRequest.BodyPublishers.ofString("{\"lease_id\":\"" + creds.getLeaseId() + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(server.lease(creds.getLeaseId())).hasValueSatisfying(l -> assertThat(l.revoked()).isTrue());
    }

    @Test
    void appRoleLoginIssuesAScopedTokenThatExpiresOnTheClock() throws Exception {
        String roleId = RandomValues.hex(8);
        String secretId = RandomValues.secret();
        server.addAppRole("agent", roleId, secretId, AccessRule.of("agent", "secret/data/agent/*"), Duration.ofMinutes(5));
        server.putKv("secret", "agent/k", Map.of("v", "1"));
        Vault anonymous = kvClient(null);

        AuthResponse login = anonymous.auth().loginByAppRole(roleId, secretId);
        assertThat(login.getAuthLeaseDuration()).isEqualTo(300);
        assertThat(login.getAuthPolicies()).contains("agent");
        Vault agent = kvClient(login.getAuthClientToken());
        assertThat(agent.logical().read("secret/agent/k", false, 0).getData()).containsEntry("v", "1");
        assertThat(agent.auth().lookupSelf().getTTL()).isEqualTo(300);

        assertThatThrownBy(() -> anonymous.auth().loginByAppRole(roleId, secretId + "x"))
                .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.getHttpStatusCode()).isEqualTo(400));

        clock.advance(Duration.ofMinutes(6));
        assertThat(status(agent.logical().read("secret/agent/k", false, 0))).isEqualTo(403);
    }

    @Test
    void tokenRenewSelfExtendsAndRevokeSelfEndsTheToken() throws Exception {
        String token = server.createToken(AccessRule.of("app", "secret/data/app/*"), Duration.ofMinutes(1));
        Vault vault = kvClient(token);
        clock.advance(Duration.ofSeconds(50));
        assertThat(vault.auth().renewSelf(600).getAuthLeaseDuration()).isEqualTo(600);
        clock.advance(Duration.ofMinutes(5));
        assertThat(vault.auth().lookupSelf().getTTL()).isEqualTo(300);
        vault.auth().revokeSelf();
        assertThatThrownBy(() -> vault.auth().lookupSelf())
                .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.getHttpStatusCode()).isEqualTo(403));
    }

    @Test
    void leaseLookupReportsTheRemainingTtl() throws Exception {
        server.addDatabaseRole(new DatabaseRole("ro", Duration.ofMinutes(10), Duration.ofHours(1), true));
        LogicalResponse creds = mixedClient(server.rootToken()).logical().read("database/creds/ro");
        clock.advance(Duration.ofMinutes(4));
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(server.baseUrl() + "/v1/sys/leases/lookup"))
                .header("X-Vault-Token", server.rootToken())
                .PUT(HttpRequest.BodyPublishers.ofString("{\"lease_id\":\"" + creds.getLeaseId() + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"ttl\":360").contains("\"renewable\":true");
    }

    @Test
    void jwtAndKubernetesLoginsUseThePluggedVerifier() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("k1").generate();
        LoginVerifier verifier = (role, jwt) -> verify(jwt, key);
        AccessRule rule = AccessRule.of("planner", "secret/data/planner/*");
        server.addJwtRole("jwt", "planner", verifier, rule, Duration.ofMinutes(10));
        server.addKubernetesRole("kubernetes", "planner", verifier, rule, Duration.ofMinutes(10));
        Vault anonymous = kvClient(null);

        String good = sign(key, "system:serviceaccount:agents:planner");
        AuthResponse jwtLogin = anonymous.auth().loginByJwt("jwt", "planner", good);
        assertThat(jwtLogin.getAuthClientToken()).startsWith("hvs.");
        assertThat(anonymous.auth().loginByKubernetes("planner", good).getAuthClientToken()).isNotEqualTo(jwtLogin.getAuthClientToken());

        RSAKey other = new RSAKeyGenerator(2048).keyID("k1").generate();
        String forged = sign(other, "system:serviceaccount:agents:planner");
        assertThatThrownBy(() -> anonymous.auth().loginByJwt("jwt", "planner", forged))
                .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.getHttpStatusCode()).isEqualTo(400));
        assertThatThrownBy(() -> anonymous.auth().loginByKubernetes("planner", forged))
                .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.getHttpStatusCode()).isEqualTo(403));
    }

    @Test
    void jwtRoleWithValidationKeysChecksSignatureIssuerAudienceAndBoundClaimsAsVaultDoes() throws Exception {
        SigningKeys keys = SigningKeys.rs256();
        TokenMinter github = new TokenMinter(keys, GitHubActionsClaims.ISSUER);
        server.addJwtRole("jwt-ci", "deploy", JwtAuthRole.validationPubkeys(keys.publicJwks())
                        .boundIssuer(GitHubActionsClaims.ISSUER).boundAudiences("vault")
                        .boundClaims(Map.of("repository", "acme/agents")).userClaim("repository")
                        .claimMappings(Map.of("ref", "git_ref")),
                AccessRule.of("deploy", "secret/data/deploy/*"), Duration.ofMinutes(10));
        Vault anonymous = kvClient(null);

        JWTClaimsSet push = GitHubActionsClaims.pushWorkflow(github, "acme/agents", "refs/heads/main", "vault");
        AuthResponse login = anonymous.auth().loginByJwt("jwt", "deploy", github.sign(push), "auth/jwt-ci");
        assertThat(login.getAuthClientToken()).startsWith("hvs.");
        assertThat(login.getAuthPolicies()).contains("deploy");

        assertRefused(anonymous, github.signWithForgedKey(push), "no known key successfully validated the token signature");
        assertRefused(anonymous, github.signWithUnpublishedKey(push), "no known key successfully validated the token signature");
        assertRefused(anonymous, github.unsecured(push), "unsupported signing algorithm");
        assertRefused(anonymous, github.sign(GitHubActionsClaims.pushWorkflow(github, "acme/agents", "refs/heads/main",
                "sts.amazonaws.com")), "invalid audience (aud) claim");
        assertRefused(anonymous, github.sign(GitHubActionsClaims.pushWorkflow(github, "evil/fork", "refs/heads/main",
                "vault")), "does not match any associated bound claim values");
        assertRefused(anonymous, github.sign(new JWTClaimsSet.Builder(push)
                .expirationTime(new Date(System.currentTimeMillis() - 600_000)).build()), "token is expired");
        TokenMinter other = new TokenMinter(keys, "https://gitlab.example");
        assertRefused(anonymous, other.sign(GitHubActionsClaims.pushWorkflow(other, "acme/agents", "refs/heads/main",
                "vault")), "invalid issuer (iss) claim");
        assertThatThrownBy(() -> anonymous.auth().loginByJwt("jwt", "nobody", github.sign(push), "auth/jwt-ci"))
                .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.getMessage())
                        .contains("nobody").contains("could not be found"));
    }

    private static void assertRefused(Vault anonymous, String jwt, String vaultError) {
        assertThatThrownBy(() -> anonymous.auth().loginByJwt("jwt", "deploy", jwt, "auth/jwt-ci"))
                .isInstanceOfSatisfying(VaultException.class, e -> {
                    assertThat(e.getHttpStatusCode()).isEqualTo(400);
                    assertThat(e.getMessage()).contains(vaultError).doesNotContain(jwt);
                });
    }

    @Test
    void downRefusesConnectionsAndUpServesTheSameState() throws Exception {
        String value = RandomValues.secret();
        server.putKv("secret", "app/a", Map.of("k", value));
        Vault vault = kvClient(server.rootToken());
        server.down();
        assertThatThrownBy(() -> vault.logical().read("secret/app/a", false, 0)).isInstanceOf(VaultException.class);
        server.up();
        assertThat(vault.logical().read("secret/app/a", false, 0).getData()).containsEntry("k", value);
    }

    @Test
    void delayMakesTheClientTimeOut() throws Exception {
        server.putKv("secret", "app/a", Map.of("k", "v"));
        Vault vault = kvClient(server.rootToken());
        server.delay(Duration.ofSeconds(3));
        long start = System.nanoTime();
        assertThatThrownBy(() -> Vault.create(new VaultConfig().address(server.baseUrl().toString())
                .token(server.rootToken()).openTimeout(1).readTimeout(1).build(), 2)
                .logical().read("secret/app/a", false, 0)).isInstanceOf(VaultException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2900));
        server.delay(Duration.ZERO);
        assertThat(vault.logical().read("secret/app/a", false, 0).getData()).containsEntry("k", "v");
    }

    @Test
    void requestLogHasHeaderNamesButNoValues() throws Exception {
        String value = RandomValues.secret();
        server.putKv("secret", "app/a", Map.of("k", value));
        kvClient(server.rootToken()).logical().read("secret/app/a", false, 0);
        var entry = server.requests().last();
        assertThat(entry.method()).isEqualTo("GET");
        assertThat(entry.path()).isEqualTo("/v1/secret/data/app/a");
        assertThat(entry.hasHeader("X-Vault-Token")).isTrue();
        assertThat(entry.hasHeader("X-Vault-Request")).isTrue();
        assertThat(entry.toString()).doesNotContain(server.rootToken()).doesNotContain(value);
    }

    @Test
    void repliesCarryExactlyApplicationJson() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(server.baseUrl() + "/v1/sys/mounts")).header("X-Vault-Token", server.rootToken()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.headers().allValues("Content-Type")).containsExactly("application/json");
    }

    private static int status(LogicalResponse r) {
        return r.getRestResponse().getStatus();
    }

    private static String sign(RSAKey key, String subject) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                new JWTClaimsSet.Builder().subject(subject).audience("vault")
                        .expirationTime(new Date(System.currentTimeMillis() + 60_000)).build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static Optional<Map<String, String>> verify(String token, RSAKey key) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!jwt.verify(new RSASSAVerifier(key.toRSAPublicKey()))) {
                return Optional.empty();
            }
            return Optional.of(Map.of("sub", jwt.getJWTClaimsSet().getSubject()));
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
