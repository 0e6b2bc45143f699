package dev.faramesh.it.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away server certificate for loopback TLS, made with the JDK's {@code keytool} at test
 * time: a PKCS#12 key store for the servers and a trust store a child JVM uses through
 * {@code -Djavax.net.ssl.trustStore}. The certificate names every test host and 127.0.0.1.
 */
public final class TestTls {

  private final Path keyStore;
  private final Path trustStore;
  private final String password;

  private TestTls(Path keyStore, Path trustStore, String password) {
    this.keyStore = keyStore;
    this.trustStore = trustStore;
    this.password = password;
  }

  public static TestTls create(Path dir, List<String> hostNames) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    byte[] pw = new byte[12];
    new SecureRandom().nextBytes(pw);
    String password = HexFormat.of().formatHex(pw);
    Path keyStore = dir.resolve("server.p12");
    Path trustStore = dir.resolve("trust.p12");
    Path pem = dir.resolve("server.pem");
    Files.deleteIfExists(keyStore);
    Files.deleteIfExists(trustStore);
    StringBuilder san = new StringBuilder("SAN=ip:127.0.0.1");
    for (String h : hostNames) {
      san.append(",dns:").append(h);
    }
    keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
        "CN=faramesh-it", "-ext", san.toString(), "-validity", "2", "-keystore", keyStore.toString(), "-storetype",
        "PKCS12", "-storepass", password, "-keypass", password);
    keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", keyStore.toString(), "-storepass", password,
        "-file", pem.toString());
    keytool("-importcert", "-noprompt", "-alias", "server", "-file", pem.toString(), "-keystore",
        trustStore.toString(), "-storetype", "PKCS12", "-storepass", password);
    return new TestTls(keyStore, trustStore, password);
  }

  private static void keytool(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("keytool " + args[0] + " failed: " + out);
    }
  }

  public Path keyStore() {
    return keyStore;
  }

  public Path trustStore() {
    return trustStore;
  }

  public String password() {
    return password;
  }

  /** The JVM arguments that make a child JVM trust the test certificate. */
  public List<String> trustArguments() {
    return List.of("-Djavax.net.ssl.trustStore=" + trustStore, "-Djavax.net.ssl.trustStorePassword=" + password,
        "-Djavax.net.ssl.trustStoreType=PKCS12");
  }
}
