package dev.faramesh.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recording server speaks HTTP/1.1, h2c and TLS+h2 to the JDK's own client and records it. */
class RecordingServerTest {

  @TempDir static Path dir;
  static TestTls tls;
  static RecordingServer server;
  static SSLContext trusting;

  @BeforeAll
  static void start() throws Exception {
    tls = TestTls.create(dir, List.of("localhost"));
    server = RecordingServer.start("probe", tls);
    KeyStore trust = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(tls.trustStore())) {
      trust.load(in, tls.password().toCharArray());
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    trusting = SSLContext.getInstance("TLS");
    trusting.init(null, tmf.getTrustManagers(), null);
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  private HttpResponse<String> get(HttpClient.Version v, String url) throws Exception {
    HttpClient c = HttpClient.newBuilder().version(v).sslContext(trusting).build();
    return c.send(HttpRequest.newBuilder(URI.create(url)).header("X-Probe", "1").build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void recordsProtocolHeadersAndTarget() throws Exception {
    server.clear();
    assertThat(get(HttpClient.Version.HTTP_1_1, "http://localhost:" + server.plainPort() + "/a?x=1").body())
        .isEqualTo("ok probe");
    get(HttpClient.Version.HTTP_2, "http://localhost:" + server.plainPort() + "/b");
    get(HttpClient.Version.HTTP_2, "https://localhost:" + server.tlsPort() + "/c?y=2");
    get(HttpClient.Version.HTTP_1_1, "https://localhost:" + server.tlsPort() + "/d");
    assertThat(server.requests()).extracting(RecordedRequest::pathQuery).containsExactly("/a?x=1", "/b", "/c?y=2", "/d");
    assertThat(server.requests()).extracting(RecordedRequest::protocol)
        .containsExactly("HTTP/1.1", "HTTP/2.0", "HTTP/2.0", "HTTP/1.1");
    assertThat(server.requests()).extracting(RecordedRequest::secure).containsExactly(false, false, true, true);
    assertThat(server.requests().get(2).header("X-Probe")).isEqualTo("1");
  }

  @Test
  void redirects() throws Exception {
    HttpResponse<String> r = get(HttpClient.Version.HTTP_1_1,
        "http://localhost:" + server.plainPort() + "/redirect?to=http%3A%2F%2Fexample.test%2Fz&status=307");
    assertThat(r.statusCode()).isEqualTo(307);
    assertThat(r.headers().firstValue("location")).hasValue("http://example.test/z");
  }
}
