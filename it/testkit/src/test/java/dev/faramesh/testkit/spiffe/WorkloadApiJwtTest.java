package dev.faramesh.testkit.spiffe;

import dev.faramesh.testkit.support.Poll;
import io.grpc.Status;
import io.spiffe.exception.AuthorityNotFoundException;
import io.spiffe.exception.BundleNotFoundException;
import io.spiffe.exception.JwtSvidException;
import io.spiffe.spiffeid.TrustDomain;
import io.spiffe.svid.jwtsvid.JwtSvid;
import io.spiffe.workloadapi.DefaultJwtSource;
import io.spiffe.workloadapi.DefaultWorkloadApiClient;
import io.spiffe.workloadapi.JwtSource;
import io.spiffe.workloadapi.JwtSourceOptions;
import io.spiffe.workloadapi.WorkloadApiClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * java-spiffe's {@link DefaultJwtSource} and workload client against {@link WorkloadApiServer}:
 * JWT-SVIDs fetch and validate against the streamed JWT bundles, the wrong audience and expired or
 * foreign tokens are refused, a JWT authority rotation reaches the open bundle stream, and the
 * server's own ValidateJWTSVID agrees with the library.
 */
class WorkloadApiJwtTest {

    @TempDir
    Path dir;

    private WorkloadApiServer server;
    private JwtSource source;

    @BeforeEach
    void start() throws Exception {
        server = WorkloadApiServer.start(dir.resolve("agent.sock"), TestTrustDomain.create("example.org"), "/agent/planner");
        source = DefaultJwtSource.newSource(JwtSourceOptions.builder()
                .spiffeSocketPath(server.address()).initTimeout(Duration.ofSeconds(10)).build());
    }

    @AfterEach
    void stop() throws Exception {
        if (source != null) {
            source.close();
        }
        server.stop();
    }

    @Test
    void fetchedJwtSvidValidatesAgainstTheStreamedBundle() throws Exception {
        JwtSvid svid = source.fetchJwtSvid("vault");

        JwtSvid validated = JwtSvid.parseAndValidate(svid.getToken(), source, Set.of("vault"));

        assertThat(validated.getSpiffeId().toString()).isEqualTo("spiffe://example.org/agent/planner");
        assertThat(validated.getAudience()).containsExactly("vault");
        assertThat(com.nimbusds.jwt.SignedJWT.parse(svid.getToken()).getHeader().getKeyID())
                .isEqualTo(server.trustDomain().jwtKeyId());
    }

    @Test
    void wrongAudienceIsRejected() throws Exception {
        String token = source.fetchJwtSvid("vault").getToken();

        assertThatThrownBy(() -> JwtSvid.parseAndValidate(token, source, Set.of("other")))
                .isInstanceOf(JwtSvidException.class)
                .hasMessageContaining("expected audience in [other]");
    }

    @Test
    void expiredJwtSvidIsRefusedByTheClient() {
        server.jwtSvidLifetime(Duration.ofMinutes(-1));

        assertThatThrownBy(() -> source.fetchJwtSvid("vault"))
                .isInstanceOf(JwtSvidException.class)
                .hasStackTraceContaining("Token has expired");
    }

    @Test
    void jwtSvidFromAnUnfederatedTrustDomainHasNoBundle() throws Exception {
        TestTrustDomain evil = TestTrustDomain.create("evil.org");
        server.serveJwtSvidsAs(evil, "spiffe://evil.org/agent/planner");
        String token = source.fetchJwtSvid("vault").getToken();

        assertThatThrownBy(() -> JwtSvid.parseAndValidate(token, source, Set.of("vault")))
                .isInstanceOf(BundleNotFoundException.class);
    }

    @Test
    void federatedJwtBundleValidatesThePartnersToken() throws Exception {
        TestTrustDomain partner = TestTrustDomain.create("partner.example");
        String token = partner.issueJwtSvid("spiffe://partner.example/agents/reviewer", List.of("vault"), Duration.ofMinutes(5));

        server.federateWith(partner);
        Poll.until(Duration.ofSeconds(1), () -> {
            try {
                return source.getBundleForTrustDomain(TrustDomain.parse("partner.example")) != null;
            } catch (BundleNotFoundException e) {
                return false;
            }
        });

        assertThat(JwtSvid.parseAndValidate(token, source, Set.of("vault")).getSpiffeId().toString())
                .isEqualTo("spiffe://partner.example/agents/reviewer");
    }

    @Test
    void jwtAuthorityRotationReachesTheOpenBundleStream() throws Exception {
        String oldToken = source.fetchJwtSvid("vault").getToken();
        String oldKid = server.trustDomain().jwtKeyId();

        String newKid = server.rotateJwtAuthority(false);
        Duration took = Poll.until(Duration.ofSeconds(1), () -> {
            try {
                source.getBundleForTrustDomain(TrustDomain.parse("example.org")).findJwtAuthority(newKid);
                return true;
            } catch (Exception e) {
                return false;
            }
        });

        assertThat(newKid).isNotEqualTo(oldKid);
        assertThat(took).isLessThan(Duration.ofSeconds(1));
        assertThatThrownBy(() -> JwtSvid.parseAndValidate(oldToken, source, Set.of("vault")))
                .isInstanceOf(AuthorityNotFoundException.class);
        String newToken = source.fetchJwtSvid("vault").getToken();
        assertThat(JwtSvid.parseAndValidate(newToken, source, Set.of("vault")).getSpiffeId().toString())
                .isEqualTo("spiffe://example.org/agent/planner");
    }

    @Test
    void serverSideValidateJwtSvidAcceptsOwnTokensAndRefusesTheWrongAudience() throws Exception {
        String token = source.fetchJwtSvid("vault").getToken();
        try (WorkloadApiClient client = DefaultWorkloadApiClient.newClient(
                DefaultWorkloadApiClient.ClientOptions.builder().spiffeSocketPath(server.address()).build())) {

            JwtSvid valid = client.validateJwtSvid(token, "vault");
            assertThat(valid.getSpiffeId().toString()).isEqualTo("spiffe://example.org/agent/planner");

            assertThatThrownBy(() -> client.validateJwtSvid(token, "other"))
                    .isInstanceOf(JwtSvidException.class)
                    .hasStackTraceContaining("INVALID_ARGUMENT");
            String forged = TestTrustDomain.create("example.org")
                    .issueJwtSvid("spiffe://example.org/agent/planner", List.of("vault"), Duration.ofMinutes(5));
            assertThatThrownBy(() -> client.validateJwtSvid(forged, "vault"))
                    .isInstanceOf(JwtSvidException.class)
                    .hasStackTraceContaining("unexpected key ID");
        }
        assertThat(server.calls()).filteredOn(c -> c.method().equals("ValidateJWTSVID")).hasSize(3);
    }

    @Test
    void injectedFailureReachesTheCallerAndClears() throws Exception {
        server.failCalls("FetchJWTSVID", Status.PERMISSION_DENIED.withDescription("no identity issued"));

        assertThatThrownBy(() -> source.fetchJwtSvid("vault"))
                .isInstanceOf(JwtSvidException.class)
                .hasStackTraceContaining("PERMISSION_DENIED");

        server.clearFailures();
        assertThat(source.fetchJwtSvid("vault").getAudience()).containsExactly("vault");
        assertThat(server.calls()).filteredOn(c -> "PERMISSION_DENIED".equals(c.rejectedWith())).hasSize(1);
    }
}
