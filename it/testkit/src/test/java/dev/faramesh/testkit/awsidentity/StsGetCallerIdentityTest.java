package dev.faramesh.testkit.awsidentity;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.StsException;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * AWS SDK v2 {@link StsClient#getCallerIdentity()} (url-connection client) against {@link StsServer}:
 * the caller is reported for correct keys, and the server's SigV4 check refuses a wrong secret, an
 * unknown key, a wrong session token and more than 15 minutes of clock skew. Hand-signed Vault-style
 * requests show that signed headers are covered and that a stale client clock is caught.
 */
class StsGetCallerIdentityTest {

    private static final String ACCOUNT = "123456789012";

    private StsServer server;
    private AwsPrincipal alice;

    @BeforeEach
    void start() {
        server = StsServer.start();
        alice = server.addIamUser(ACCOUNT, "alice");
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private StsClient client(AwsCredentials credentials, boolean retries) {
        return StsClient.builder()
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> {
                    if (!retries) {
                        o.retryStrategy(AwsRetryStrategy.doNotRetry());
                    }
                })
                .build();
    }

    private StsClient client(AwsPrincipal principal) {
        return client(AwsBasicCredentials.create(principal.accessKeyId(), principal.secretAccessKey()), false);
    }

    @Test
    void callerIdentityIsParsedByTheSdk() {
        try (StsClient sts = client(alice)) {
            GetCallerIdentityResponse me = sts.getCallerIdentity();

            assertThat(me.arn()).isEqualTo("arn:aws:iam::123456789012:user/alice");
            assertThat(me.account()).isEqualTo(ACCOUNT);
            assertThat(me.userId()).isEqualTo(alice.userId()).startsWith("AIDA");
        }
        assertThat(server.requests()).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.headerNames()).contains("authorization", "x-amz-date", "content-type");
        });
    }

    @Test
    void wrongSecretIsRefusedWithSignatureDoesNotMatch() {
        AwsPrincipal wrong = alice.withSecret(AwsPrincipal.iamUser(ACCOUNT, "x").secretAccessKey());
        try (StsClient sts = client(wrong)) {
            assertThatThrownBy(sts::getCallerIdentity)
                    .isInstanceOfSatisfying(StsException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
                        assertThat(e.getMessage()).doesNotContain(alice.secretAccessKey()).doesNotContain(wrong.secretAccessKey());
                    });
        }
    }

    @Test
    void unknownAccessKeyIsRefused() {
        AwsPrincipal stranger = AwsPrincipal.iamUser(ACCOUNT, "mallory");
        try (StsClient sts = client(stranger)) {
            assertThatThrownBy(sts::getCallerIdentity)
                    .isInstanceOfSatisfying(StsException.class, e ->
                            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId"));
        }
    }

    @Test
    void sessionCredentialsNeedTheirSessionToken() {
        AwsPrincipal session = server.addPrincipal(new AwsPrincipal("ASIA" + AwsPrincipal.random("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 16),
                AwsPrincipal.random("abcdefghijklmnopqrstuvwxyz0123456789", 40), AwsPrincipal.random("abcdef0123456789", 64),
                "arn:aws:sts::123456789012:assumed-role/agent/s1", "AROAEXAMPLEROLEID:s1", ACCOUNT,
                java.time.Instant.now().plusSeconds(900)));
        try (StsClient sts = client(AwsSessionCredentials.create(session.accessKeyId(), session.secretAccessKey(),
                session.sessionToken()), false)) {
            assertThat(sts.getCallerIdentity().arn()).isEqualTo(session.arn());
        }
        try (StsClient sts = client(AwsSessionCredentials.create(session.accessKeyId(), session.secretAccessKey(),
                "not-the-token"), false)) {
            assertThatThrownBy(sts::getCallerIdentity)
                    .isInstanceOfSatisfying(StsException.class, e ->
                            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId"));
        }
        assertThat(server.requests().get(0).headerNames()).contains("x-amz-security-token");
    }

    @Test
    void skewBeyondFifteenMinutesIsRefusedWithoutRetries() {
        server.skewClock(Duration.ofHours(1));
        try (StsClient sts = client(alice)) {
            assertThatThrownBy(sts::getCallerIdentity)
                    .isInstanceOfSatisfying(StsException.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
                        assertThat(e.awsErrorDetails().errorMessage()).startsWith("Signature expired:");
                    });
        }
    }

    @Test
    void requestSignedByAClientWhoseClockIsTwentyMinutesBehindIsRefused() throws Exception {
        byte[] body = "Action=GetCallerIdentity&Version=2011-06-15".getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest stale = sign(body, "vault.faramesh.internal", Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-20)));
        SdkHttpRequest fresh = sign(body, "vault.faramesh.internal", Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-10)));

        HttpResponse<String> refused = send(stale, body, null);
        HttpResponse<String> accepted = send(fresh, body, null);

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("<Code>SignatureDoesNotMatch</Code>").contains("Signature expired:");
        assertThat(accepted.statusCode()).as("within the 15 minute window").isEqualTo(200);
    }

    @Test
    void handSignedRequestVerifiesAndATamperedSignedHeaderDoesNot() throws Exception {
        byte[] body = "Action=GetCallerIdentity&Version=2011-06-15".getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest signed = sign(body, "vault.faramesh.internal", Clock.systemUTC());

        HttpResponse<String> accepted = send(signed, body, null);
        HttpResponse<String> tampered = send(signed, body, "attacker.example");

        assertThat(accepted.statusCode()).isEqualTo(200);
        assertThat(accepted.body()).contains("<Arn>arn:aws:iam::123456789012:user/alice</Arn>");
        assertThat(tampered.statusCode()).isEqualTo(403);
        assertThat(tampered.body()).contains("<Code>SignatureDoesNotMatch</Code>");
    }

    private SdkHttpRequest sign(byte[] body, String serverId, Clock clock) {
        SdkHttpRequest unsigned = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(server.endpoint().resolve("/"))
                .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .putHeader("X-Vault-AWS-IAM-Server-ID", serverId)
                .build();
        return AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create(alice.accessKeyId(), alice.secretAccessKey()))
                .request(unsigned).payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "sts")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(HttpSigner.SIGNING_CLOCK, clock)).request();
    }

    private static HttpResponse<String> send(SdkHttpRequest signed, byte[] body, String serverIdOverride) throws Exception {
        Set<String> restricted = Set.of("host", "content-length");
        HttpRequest.Builder request = HttpRequest.newBuilder(signed.getUri())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        signed.forEachHeader((name, values) -> {
            if (!restricted.contains(name.toLowerCase())) {
                String value = name.equalsIgnoreCase("X-Vault-AWS-IAM-Server-ID") && serverIdOverride != null
                        ? serverIdOverride : values.get(0);
                request.header(name, value);
            }
        });
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void unknownActionAndWrongVersionAreInvalidAction() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String form : List.of("Action=GetSessionTokenX&Version=2011-06-15", "Action=GetCallerIdentity&Version=2010-01-01")) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(server.endpoint().resolve("/"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.body()).contains("<Code>InvalidAction</Code>");
        }
    }
}
