package dev.faramesh.launcher.proxy;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMParser;

/**
 * Whom the proxy trusts when it connects on to the real server: the JDK's trusted roots plus the
 * certificates in the CA files the launcher's own environment named ({@code SSL_CERT_FILE},
 * {@code REQUESTS_CA_BUNDLE}, {@code CURL_CA_BUNDLE}, {@code NODE_EXTRA_CA_CERTS},
 * {@code AWS_CA_BUNDLE}): the child is told to trust the run's CA instead, so the proxy keeps
 * trusting on its behalf what the user configured. Host names are verified (HTTPS endpoint
 * identification) and SNI is sent.
 */
public final class UpstreamTrust {

  private UpstreamTrust() {}

  /** A client TLS context trusting the JDK's roots and every certificate in {@code caFiles}. */
  public static SslContext clientContext(List<Path> caFiles) throws GeneralSecurityException, IOException {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    int n = 0;
    TrustManagerFactory jdk = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    jdk.init((KeyStore) null);
    for (TrustManager tm : jdk.getTrustManagers()) {
      if (tm instanceof X509TrustManager) {
        for (X509Certificate c : ((X509TrustManager) tm).getAcceptedIssuers()) {
          store.setCertificateEntry("jdk-" + n++, c);
        }
      }
    }
    for (Path file : caFiles) {
      for (X509Certificate c : certificates(file)) {
        store.setCertificateEntry("user-" + n++, c);
      }
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(store);
    return SslContextBuilder.forClient().sslProvider(SslProvider.JDK).trustManager(tmf)
        .endpointIdentificationAlgorithm("HTTPS").build();
  }

  /** The certificates in a PEM file; text around them is ignored. */
  static List<X509Certificate> certificates(Path file) throws IOException, GeneralSecurityException {
    List<X509Certificate> out = new ArrayList<>();
    JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1); PEMParser pem = new PEMParser(r)) {
      Object o;
      while ((o = pem.readObject()) != null) {
        if (o instanceof X509CertificateHolder) {
          out.add(converter.getCertificate((X509CertificateHolder) o));
        }
      }
    }
    return out;
  }
}
