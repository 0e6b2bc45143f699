package dev.faramesh.launcher.proxy;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLException;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The certificate authority of one {@code faramesh run}: an EC P-256 key made at start-up that
 * never leaves the launcher's memory, and a CA certificate the child is told to trust (its PEM is
 * the only thing written to disk). For each host the child reaches through the proxy it issues a
 * server certificate naming that host (a DNS name or an IP address), valid for a week and renewed
 * after six days; all of them share one leaf key. Certificates carry the extensions strict
 * verifiers require (basic constraints, key usage, subject and authority key identifiers,
 * server-auth extended key usage). Signing uses the JDK's own providers through BouncyCastle's
 * certificate builder; BouncyCastle is not registered as a security provider.
 */
public final class RunAuthority {

  static final Duration CA_VALIDITY = Duration.ofDays(365);
  static final Duration LEAF_VALIDITY = Duration.ofDays(7);
  static final Duration LEAF_RENEWAL = Duration.ofDays(6);
  private static final String SIGNATURE = "SHA256withECDSA";

  private final KeyPair caKeys;
  private final X509Certificate caCertificate;
  private final KeyPair leafKeys;
  private final Clock clock;
  private final SecureRandom random;
  private final Map<String, Issued> contexts = new ConcurrentHashMap<>();

  private RunAuthority(KeyPair caKeys, X509Certificate caCertificate, KeyPair leafKeys, Clock clock,
      SecureRandom random) {
    this.caKeys = caKeys;
    this.caCertificate = caCertificate;
    this.leafKeys = leafKeys;
    this.clock = clock;
    this.random = random;
  }

  /** A new authority named after {@code runLabel}. */
  public static RunAuthority create(String runLabel, Clock clock) throws GeneralSecurityException {
    SecureRandom random = new SecureRandom();
    KeyPair ca = ecKeys(random);
    Instant now = clock.instant();
    X500Name name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Faramesh")
        .addRDN(BCStyle.CN, "Faramesh run CA " + runLabel).build();
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(random),
          Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(CA_VALIDITY)), name, ca.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign
              | KeyUsage.digitalSignature))
          .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(ca.getPublic()))
          .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca.getPublic()));
      X509Certificate cert = sign(b, ca);
      return new RunAuthority(ca, cert, ecKeys(random), clock, random);
    } catch (IOException | OperatorCreationException e) {
      throw new GeneralSecurityException("cannot make the run's CA certificate: " + e.getMessage(), e);
    }
  }

  private static KeyPair ecKeys(SecureRandom random) throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"), random);
    return g.generateKeyPair();
  }

  private static BigInteger serial(SecureRandom random) {
    return new BigInteger(127, random).add(BigInteger.ONE);
  }

  private static X509Certificate sign(X509v3CertificateBuilder b, KeyPair signer)
      throws OperatorCreationException, GeneralSecurityException {
    X509CertificateHolder holder = b.build(new JcaContentSignerBuilder(SIGNATURE).build(signer.getPrivate()));
    return new JcaX509CertificateConverter().getCertificate(holder);
  }

  public X509Certificate certificate() {
    return caCertificate;
  }

  /** The CA certificate in PEM, for the files the child's TLS libraries read. */
  public String certificatePem() {
    return pem(caCertificate);
  }

  static String pem(X509Certificate cert) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(out)) {
      w.writeObject(cert);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toString();
  }

  /** The TLS server context the proxy presents to the child for {@code host}. */
  public SslContext serverContext(String host) throws SSLException {
    Instant now = clock.instant();
    Issued issued = contexts.get(host);
    if (issued == null || now.isAfter(issued.renewAfter)) {
      X509Certificate leaf = issue(host, now);
      SslContext ctx = SslContextBuilder.forServer(leafKeys.getPrivate(), leaf, caCertificate)
          .sslProvider(SslProvider.JDK).build();
      issued = new Issued(ctx, now.plus(LEAF_RENEWAL));
      contexts.put(host, issued);
    }
    return issued.context;
  }

  /** A server certificate for {@code host} signed by this authority. */
  X509Certificate issue(String host, Instant now) throws SSLException {
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, host).build();
      GeneralName san = isIpLiteral(host) ? new GeneralName(GeneralName.iPAddress, InetAddress.getByName(host)
          .getHostAddress()) : new GeneralName(GeneralName.dNSName, host);
      Instant notAfter = now.plus(LEAF_VALIDITY);
      Instant caEnd = caCertificate.getNotAfter().toInstant();
      X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(caCertificate, serial(random),
          Date.from(now.minus(Duration.ofHours(1))), Date.from(notAfter.isAfter(caEnd) ? caEnd : notAfter), subject,
          leafKeys.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
          .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
          .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(san))
          .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(leafKeys.getPublic()))
          .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(caCertificate));
      return sign(b, caKeys);
    } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
      throw new SSLException("cannot issue a certificate for " + host + ": " + e.getMessage(), e);
    }
  }

  /** IPv4 dotted quads and IPv6 literals (with or without brackets); never resolves a name. */
  static boolean isIpLiteral(String host) {
    if (host.indexOf(':') >= 0) {
      return true;
    }
    return host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
  }

  private record Issued(SslContext context, Instant renewAfter) {}
}
