package dev.faramesh.launcher.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunAuthorityTest {

  @TempDir
  Path dir;

  @Test
  void issuesLeafCertificatesThatChainToTheRunCa() throws Exception {
    RunAuthority ca = RunAuthority.create("test", Clock.systemUTC());
    X509Certificate root = ca.certificate();
    assertThat(root.getBasicConstraints()).isZero();
    assertThat(root.getKeyUsage()[5]).as("keyCertSign").isTrue();
    X509Certificate leaf = ca.issue("api.allowed.test", Instant.now());
    assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
    assertThat(leaf.getSubjectAlternativeNames()).containsExactly(List.of(2, "api.allowed.test"));
    assertThat(leaf.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
    assertThat(Duration.between(leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant()))
        .isLessThanOrEqualTo(RunAuthority.LEAF_VALIDITY.plusHours(1));
    leaf.verify(root.getPublicKey());

    PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
    params.setRevocationEnabled(false);
    CertPathValidator.getInstance("PKIX").validate(
        CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf)), params);

    X509Certificate ip = ca.issue("127.0.0.1", Instant.now());
    assertThat(ip.getSubjectAlternativeNames()).containsExactly(List.of(7, "127.0.0.1"));
  }

  @Test
  void opensslAcceptsTheChainUnderStrictX509Checks() throws Exception {
    RunAuthority ca = RunAuthority.create("test", Clock.systemUTC());
    Path root = dir.resolve("ca.pem");
    Path leaf = dir.resolve("leaf.pem");
    Files.writeString(root, ca.certificatePem());
    Files.writeString(leaf, RunAuthority.pem(ca.issue("api.allowed.test", Instant.now())));
    Process p = new ProcessBuilder("openssl", "verify", "-x509_strict", "-purpose", "sslserver", "-verify_hostname",
        "api.allowed.test", "-CAfile", root.toString(), leaf.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(out).contains(": OK");
    assertThat(p.exitValue()).isZero();
    Process wrongHost = new ProcessBuilder("openssl", "verify", "-verify_hostname", "exfil.evil.test", "-CAfile",
        root.toString(), leaf.toString()).redirectErrorStream(true).start();
    wrongHost.getInputStream().readAllBytes();
    assertThat(wrongHost.waitFor()).isNotZero();
  }

  @Test
  void upstreamTrustReadsEveryCertificateOfABundleAndIgnoresTheText() throws Exception {
    RunAuthority a = RunAuthority.create("a", Clock.systemUTC());
    RunAuthority b = RunAuthority.create("b", Clock.systemUTC());
    Path bundle = dir.resolve("bundle.pem");
    Files.writeString(bundle, "# Issuer: somebody with a name in UTF-8: Zürich\n" + a.certificatePem() + "\ncomment\n"
        + b.certificatePem());
    Collection<X509Certificate> certs = new ArrayList<>(UpstreamTrust.certificates(bundle));
    assertThat(certs).containsExactly(a.certificate(), b.certificate());
    assertThat(UpstreamTrust.clientContext(List.of(bundle)).isClient()).isTrue();
  }
}
