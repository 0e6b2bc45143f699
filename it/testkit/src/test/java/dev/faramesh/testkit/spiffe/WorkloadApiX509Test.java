package dev.faramesh.testkit.spiffe;

import dev.faramesh.testkit.support.Poll;
import io.spiffe.bundle.x509bundle.X509Bundle;
import io.spiffe.exception.BundleNotFoundException;
import io.spiffe.spiffeid.SpiffeId;
import io.spiffe.spiffeid.TrustDomain;
import io.spiffe.svid.x509svid.X509Svid;
import io.spiffe.svid.x509svid.X509SvidValidator;
import io.spiffe.workloadapi.DefaultX509Source;
import io.spiffe.workloadapi.X509Source;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * java-spiffe's {@link DefaultX509Source} against {@link WorkloadApiServer} over a real Unix domain
 * socket: the SVID and bundle arrive and verify, rotation arrives on the open stream, and expired,
 * not-yet-valid, foreign and forged SVIDs arrive but fail chain verification.
 */
class WorkloadApiX509Test {

    @TempDir
    Path dir;

    private WorkloadApiServer server;
    private X509Source source;

    @BeforeEach
    void start() throws Exception {
        server = WorkloadApiServer.start(dir.resolve("agent.sock"), TestTrustDomain.create("example.org"), "/agent/planner");
        source = DefaultX509Source.newSource(DefaultX509Source.X509SourceOptions.builder()
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
    void svidAndBundleArriveAndTheChainVerifies() throws Exception {
        X509Svid svid = source.getX509Svid();

        assertThat(svid.getSpiffeId()).isEqualTo(SpiffeId.parse("spiffe://example.org/agent/planner"));
        assertThat(svid.getLeaf().getSerialNumber()).isEqualTo(server.currentX509Svid().serialNumber());
        assertThat(svid.getLeaf().getBasicConstraints()).isEqualTo(-1);
        assertThat(svid.getLeaf().getKeyUsage()[0]).as("digitalSignature").isTrue();
        assertThat(svid.getLeaf().getKeyUsage()[5]).as("keyCertSign").isFalse();
        assertThat(svid.getPrivateKey().getEncoded()).isEqualTo(server.currentX509Svid().privateKeyPkcs8());
        X509Bundle bundle = source.getBundleForTrustDomain(TrustDomain.parse("example.org"));
        assertThat(bundle.getX509Authorities()).containsExactly(server.trustDomain().caCertificate());
        X509SvidValidator.verifyChain(svid.getChain(), source);
        assertThat(server.calls()).anyMatch(c -> c.method().equals("FetchX509SVID") && c.accepted()
                && c.metadataKeys().contains("workload.spiffe.io"));
    }

    @Test
    void rotationIsPushedOnTheOpenStreamWithinASecond() throws Exception {
        var before = source.getX509Svid().getLeaf().getSerialNumber();

        IssuedX509Svid rotated = server.rotateX509Svid();
        Duration took = Poll.until(Duration.ofSeconds(1),
                () -> source.getX509Svid().getLeaf().getSerialNumber().equals(rotated.serialNumber()));

        assertThat(rotated.serialNumber()).isNotEqualTo(before);
        assertThat(took).isLessThan(Duration.ofSeconds(1));
        X509SvidValidator.verifyChain(source.getX509Svid().getChain(), source);
        // one stream carried both messages: no second FetchX509SVID call
        assertThat(server.calls()).filteredOn(c -> c.method().equals("FetchX509SVID")).hasSize(1);
    }

    @Test
    void expiredSvidIsDeliveredButFailsChainVerification() throws Exception {
        IssuedX509Svid expired = server.trustDomain().issueExpiredX509Svid("/agent/planner");
        server.serveX509Svid(expired);
        Poll.until(Duration.ofSeconds(2), () -> source.getX509Svid().getLeaf().getSerialNumber().equals(expired.serialNumber()));

        assertThatThrownBy(() -> X509SvidValidator.verifyChain(source.getX509Svid().getChain(), source))
                .isInstanceOf(CertificateException.class)
                .hasMessageContaining("Cert chain cannot be verified")
                .rootCause().isInstanceOf(java.security.cert.CertificateExpiredException.class);
    }

    @Test
    void notYetValidSvidFailsChainVerification() throws Exception {
        IssuedX509Svid early = server.trustDomain().issueNotYetValidX509Svid("/agent/planner");
        server.serveX509Svid(early);
        Poll.until(Duration.ofSeconds(2), () -> source.getX509Svid().getLeaf().getSerialNumber().equals(early.serialNumber()));

        assertThatThrownBy(() -> X509SvidValidator.verifyChain(source.getX509Svid().getChain(), source))
                .isInstanceOf(CertificateException.class)
                .rootCause().isInstanceOf(java.security.cert.CertificateNotYetValidException.class);
    }

    @Test
    void svidFromAnotherTrustDomainHasNoBundleAtTheVerifier() throws Exception {
        X509Bundle homeOnly = X509Bundle.parse(TrustDomain.parse("example.org"), server.trustDomain().x509BundleDer());
        IssuedX509Svid foreign = TestTrustDomain.create("evil.org").issueX509Svid("/agent/planner");
        server.serveX509Svid(foreign);
        Poll.until(Duration.ofSeconds(2), () -> source.getX509Svid().getLeaf().getSerialNumber().equals(foreign.serialNumber()));

        X509Svid received = source.getX509Svid();
        assertThat(received.getSpiffeId().getTrustDomain().getName()).isEqualTo("evil.org");
        assertThatThrownBy(() -> X509SvidValidator.verifyChain(received.getChain(), homeOnly))
                .isInstanceOf(BundleNotFoundException.class);
    }

    @Test
    void svidClaimingOurTrustDomainButSignedElsewhereFailsVerification() throws Exception {
        X509Bundle homeOnly = X509Bundle.parse(TrustDomain.parse("example.org"), server.trustDomain().x509BundleDer());
        Duration hour = Duration.ofHours(1);
        IssuedX509Svid forged = TestTrustDomain.create("evil.org").issueX509Svid(
                "spiffe://example.org/agent/planner", java.time.Instant.now().minusSeconds(60), java.time.Instant.now().plus(hour));
        server.serveX509Svid(forged);
        Poll.until(Duration.ofSeconds(2), () -> source.getX509Svid().getLeaf().getSerialNumber().equals(forged.serialNumber()));

        assertThat(source.getX509Svid().getSpiffeId().toString()).isEqualTo("spiffe://example.org/agent/planner");
        assertThatThrownBy(() -> X509SvidValidator.verifyChain(source.getX509Svid().getChain(), homeOnly))
                .isInstanceOf(CertificateException.class)
                .hasMessageContaining("Cert chain cannot be verified");
    }

    @Test
    void federatedBundleIsPushedAndVerifiesThePartnersSvids() throws Exception {
        TestTrustDomain partner = TestTrustDomain.create("partner.example");
        assertThatThrownBy(() -> source.getBundleForTrustDomain(TrustDomain.parse("partner.example")))
                .isInstanceOf(BundleNotFoundException.class);

        server.federateWith(partner);
        Poll.until(Duration.ofSeconds(1), () -> {
            try {
                return source.getBundleForTrustDomain(TrustDomain.parse("partner.example")) != null;
            } catch (BundleNotFoundException e) {
                return false;
            }
        });

        IssuedX509Svid partnerSvid = partner.issueX509Svid("/agents/reviewer");
        X509SvidValidator.verifyChain(partnerSvid.chain(), source);
        IssuedX509Svid stranger = TestTrustDomain.create("partner.example").issueX509Svid("/agents/reviewer");
        assertThatThrownBy(() -> X509SvidValidator.verifyChain(stranger.chain(), source))
                .isInstanceOf(CertificateException.class);
    }
}
