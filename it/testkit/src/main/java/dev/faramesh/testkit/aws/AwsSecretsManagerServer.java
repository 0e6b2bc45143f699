package dev.faramesh.testkit.aws;

import dev.faramesh.testkit.HttpBackendServer;
import dev.faramesh.testkit.HttpEndpoint;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * AWS Secrets Manager on loopback, speaking the AWS JSON 1.1 protocol that the AWS SDK uses
 * ({@code GetSecretValue}, {@code PutSecretValue}, {@code CreateSecret}, {@code DescribeSecret},
 * {@code RotateSecret}) with real SigV4 verification: a wrong secret key, an unknown access key, a
 * skewed clock or a request scoped to another region or service is rejected as AWS rejects it.
 * Staging labels follow AWS: the newest current version holds {@code AWSCURRENT}, the one before it
 * {@code AWSPREVIOUS}.
 */
public final class AwsSecretsManagerServer extends HttpBackendServer {
    private static final SecureRandom RANDOM = new SecureRandom();

    final Clock clock;
    final SecretStore store;
    final SigV4Verifier verifier;
    volatile Supplier<String> rotationValue = AwsSecretsManagerServer::randomValue;
    private final String region;
    private final String account = "123456789012";
    private final Map<String, AwsAccessKey> keys = new ConcurrentHashMap<>();

    private AwsSecretsManagerServer(Clock clock, String region) {
        this.clock = clock;
        this.region = region;
        this.store = new SecretStore(region, account);
        this.verifier = new SigV4Verifier(clock, region, "secretsmanager", keys::get);
        serve(HttpEndpoint.http(new SecretsManagerApi(this)));
    }

    /** Starts in {@code us-east-1} with the system clock. */
    public static AwsSecretsManagerServer start() {
        return new AwsSecretsManagerServer(Clock.systemUTC(), "us-east-1");
    }

    /** Starts in the given region with a clock the test controls (for clock-skew tests). */
    public static AwsSecretsManagerServer start(Clock clock, String region) {
        return new AwsSecretsManagerServer(clock, region);
    }

    public String region() {
        return region;
    }

    public String account() {
        return account;
    }

    /** Generates a long-term access key the server accepts. */
    public AwsAccessKey newAccessKey() {
        return register(new AwsAccessKey("AKIA" + upper(16), randomValue(), null));
    }

    /** Generates temporary credentials (with a session token that must be sent and signed). */
    public AwsAccessKey newSessionKey() {
        return register(new AwsAccessKey("ASIA" + upper(16), randomValue(), randomValue() + randomValue()));
    }

    private AwsAccessKey register(AwsAccessKey key) {
        keys.put(key.accessKeyId(), key);
        return key;
    }

    /** Creates the secret if needed and adds a string version that becomes AWSCURRENT; returns its VersionId. */
    public String putSecret(String name, String value) {
        synchronized (store) {
            SecretStore.Secret s = store.find(name).orElseGet(() -> store.create(name, null, clock.instant()));
            return store.addVersion(s, null, value, null, List.of(SecretStore.CURRENT), clock.instant()).id();
        }
    }

    /** As {@link #putSecret} with a binary value (returned base64 in {@code SecretBinary}). */
    public String putSecretBinary(String name, byte[] value) {
        synchronized (store) {
            SecretStore.Secret s = store.find(name).orElseGet(() -> store.create(name, null, clock.instant()));
            return store.addVersion(s, null, null, value.clone(), List.of(SecretStore.CURRENT), clock.instant()).id();
        }
    }

    /** Rotation: a new version becomes AWSCURRENT and the old current becomes AWSPREVIOUS. */
    public String rotate(String name, String newValue) {
        if (store.find(name).isEmpty()) {
            throw new IllegalArgumentException("no secret " + name);
        }
        return putSecret(name, newValue);
    }

    /** What {@code RotateSecret} stores as the new value (the server stands in for the rotation Lambda). */
    public void rotationValues(Supplier<String> generator) {
        this.rotationValue = generator;
    }

    /** The VersionId holding a staging label, if any. */
    public Optional<String> versionWithStage(String name, String stage) {
        synchronized (store) {
            return store.find(name).flatMap(s -> s.byStage(stage)).map(SecretStore.Version::id);
        }
    }

    /** The string value of the version holding a label, as the server stores it. */
    public Optional<String> valueWithStage(String name, String stage) {
        synchronized (store) {
            return store.find(name).flatMap(s -> s.byStage(stage)).map(SecretStore.Version::string);
        }
    }

    private static String randomValue() {
        byte[] b = new byte[24];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String upper(int n) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
