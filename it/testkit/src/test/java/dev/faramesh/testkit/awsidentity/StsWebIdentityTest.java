package dev.faramesh.testkit.awsidentity;

import dev.faramesh.testkit.oidc.JwksServer;
import dev.faramesh.testkit.oidc.TokenMinter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsWebIdentityTokenFileCredentialsProvider;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithWebIdentityResponse;
import software.amazon.awssdk.services.sts.model.ExpiredTokenException;
import software.amazon.awssdk.services.sts.model.IdpCommunicationErrorException;
import software.amazon.awssdk.services.sts.model.InvalidIdentityTokenException;
import software.amazon.awssdk.services.sts.model.StsException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * AssumeRoleWithWebIdentity through the AWS SDK against {@link StsServer}, with a {@link JwksServer}
 * as the OIDC provider: the IRSA flow ({@link StsWebIdentityTokenFileCredentialsProvider} reading a
 * token file) yields temporary credentials that GetCallerIdentity reports as the assumed role, and
 * wrong audience, expired, foreign-issuer and unreachable-provider tokens map to STS's typed errors.
 */
class StsWebIdentityTest {

    private static final String ROLE = "arn:aws:iam::123456789012:role/agent-planner";
    private static final String SUBJECT = "system:serviceaccount:agents:planner";

    @TempDir
    Path dir;

    private StsServer sts;
    private JwksServer oidc;
    private TokenMinter minter;

    @BeforeEach
    void start() {
        sts = StsServer.start();
        oidc = JwksServer.start();
        minter = oidc.minter();
        sts.trustWebIdentity(new WebIdentityRole(ROLE, oidc.issuer(), oidc.jwksUrl(), "sts.amazonaws.com", SUBJECT));
    }

    @AfterEach
    void stop() {
        sts.stop();
        oidc.stop();
    }

    private StsClient client(AwsCredentialsProvider credentials) {
        return StsClient.builder().endpointOverride(sts.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    }

    private String token() {
        return minter.sign(minter.claims(SUBJECT, "sts.amazonaws.com").build());
    }

    private AssumeRoleWithWebIdentityResponse assume(String token) {
        try (StsClient anonymous = client(AnonymousCredentialsProvider.create())) {
            return anonymous.assumeRoleWithWebIdentity(r -> r.roleArn(ROLE).roleSessionName("s1").webIdentityToken(token));
        }
    }

    @Test
    void irsaTokenFileFlowYieldsTheAssumedRole() throws Exception {
        Path tokenFile = Files.writeString(dir.resolve("token"), token());
        try (StsClient anonymous = client(AnonymousCredentialsProvider.create());
             StsWebIdentityTokenFileCredentialsProvider irsa = StsWebIdentityTokenFileCredentialsProvider.builder()
                     .stsClient(anonymous).roleArn(ROLE).roleSessionName("planner-session")
                     .webIdentityTokenFile(tokenFile).build();
             StsClient asRole = client(irsa)) {

            var me = asRole.getCallerIdentity();

            assertThat(me.arn()).isEqualTo("arn:aws:sts::123456789012:assumed-role/agent-planner/planner-session");
            assertThat(me.account()).isEqualTo("123456789012");
            assertThat(me.userId()).startsWith("AROA").endsWith(":planner-session");
        }
        assertThat(sts.requests()).extracting(r -> r.status()).containsExactly(200, 200);
        assertThat(sts.requests().get(0).hasHeader("authorization")).as("AssumeRoleWithWebIdentity is unsigned").isFalse();
        assertThat(sts.requests().get(1).hasHeader("x-amz-security-token")).isTrue();
    }

    @Test
    void responseCarriesSubjectAudienceProviderAndExpiry() {
        AssumeRoleWithWebIdentityResponse response = assume(token());

        assertThat(response.subjectFromWebIdentityToken()).isEqualTo(SUBJECT);
        assertThat(response.audience()).isEqualTo("sts.amazonaws.com");
        assertThat(response.provider()).isEqualTo(oidc.issuer().replace("http://", ""));
        assertThat(response.credentials().accessKeyId()).startsWith("ASIA");
        assertThat(response.credentials().expiration()).isAfter(Instant.now().plusSeconds(3500));
    }

    @Test
    void wrongAudienceIsAnInvalidIdentityToken() {
        String token = minter.sign(minter.claims(SUBJECT, "vault").build());

        assertThatThrownBy(() -> assume(token)).isInstanceOfSatisfying(InvalidIdentityTokenException.class,
                e -> assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Incorrect token audience"));
    }

    @Test
    void expiredTokenIsAnExpiredTokenException() {
        String token = minter.sign(minter.claims(SUBJECT, "sts.amazonaws.com")
                .expirationTime(Date.from(Instant.now().minusSeconds(600))).build());

        assertThatThrownBy(() -> assume(token)).isInstanceOf(ExpiredTokenException.class);
    }

    @Test
    void forgedTokenAndForeignIssuerAreInvalid() {
        String forged = minter.signWithForgedKey(minter.claims(SUBJECT, "sts.amazonaws.com").build());
        String foreign = minter.sign(minter.claims(SUBJECT, "sts.amazonaws.com").issuer("https://oidc.example").build());

        assertThatThrownBy(() -> assume(forged)).isInstanceOf(InvalidIdentityTokenException.class);
        assertThatThrownBy(() -> assume(foreign)).isInstanceOfSatisfying(InvalidIdentityTokenException.class,
                e -> assertThat(e.awsErrorDetails().errorMessage()).contains("No OpenIDConnect provider found"));
    }

    @Test
    void otherSubjectIsDeniedTheRole() {
        String token = minter.sign(minter.claims("system:serviceaccount:agents:other", "sts.amazonaws.com").build());

        assertThatThrownBy(() -> assume(token)).isInstanceOfSatisfying(StsException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(403);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
        });
    }

    @Test
    void unreachableProviderIsAnIdpCommunicationError() {
        String token = token();
        oidc.failWith(503);

        assertThatThrownBy(() -> assume(token)).isInstanceOf(IdpCommunicationErrorException.class);
    }
}
