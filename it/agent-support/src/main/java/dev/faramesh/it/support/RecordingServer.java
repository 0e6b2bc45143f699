package dev.faramesh.it.support;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http2.HTTP2Cipher;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A loopback Jetty server that records every request exactly as it arrived. One connector speaks
 * cleartext HTTP/1.1 and h2c (upgrade and prior knowledge), the other TLS with HTTP/2 and
 * HTTP/1.1 negotiated by ALPN. {@code /redirect?to=URL[&status=N]} answers with a redirect; every
 * other path answers {@code 200 ok <server name>}.
 */
public final class RecordingServer implements AutoCloseable {

  private final String name;
  private final Server server;
  private final ServerConnector plain;
  private final ServerConnector tls;
  private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

  private RecordingServer(String name, TestTls certificate) throws Exception {
    this.name = name;
    QueuedThreadPool threads = new QueuedThreadPool(32, 4);
    threads.setName("recording-" + name);
    threads.setDaemon(true);
    this.server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    plain = new ServerConnector(server, new HttpConnectionFactory(http), new HTTP2CServerConnectionFactory(http));
    plain.setHost("127.0.0.1");
    plain.setPort(0);
    HttpConfiguration https = new HttpConfiguration(http);
    SecureRequestCustomizer secure = new SecureRequestCustomizer();
    secure.setSniHostCheck(false);
    https.addCustomizer(secure);
    SslContextFactory.Server ssl = new SslContextFactory.Server();
    ssl.setKeyStorePath(certificate.keyStore().toString());
    ssl.setKeyStorePassword(certificate.password());
    ssl.setKeyStoreType("PKCS12");
    ssl.setCipherComparator(HTTP2Cipher.COMPARATOR);
    ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory("h2", "http/1.1");
    alpn.setDefaultProtocol("http/1.1");
    tls = new ServerConnector(server, new SslConnectionFactory(ssl, alpn.getProtocol()), alpn,
        new HTTP2ServerConnectionFactory(https), new HttpConnectionFactory(https));
    tls.setHost("127.0.0.1");
    tls.setPort(0);
    server.addConnector(plain);
    server.addConnector(tls);
    server.setHandler(new Recorder());
  }

  public static RecordingServer start(String name, TestTls certificate) throws Exception {
    RecordingServer s = new RecordingServer(name, certificate);
    s.server.start();
    return s;
  }

  public String name() {
    return name;
  }

  /** Cleartext HTTP/1.1 and h2c. */
  public int plainPort() {
    return plain.getLocalPort();
  }

  /** TLS with h2 or HTTP/1.1 by ALPN. */
  public int tlsPort() {
    return tls.getLocalPort();
  }

  public List<RecordedRequest> requests() {
    return List.copyOf(requests);
  }

  /** The recorded requests whose path and query start with {@code prefix}. */
  public List<RecordedRequest> requests(String prefix) {
    List<RecordedRequest> out = new ArrayList<>();
    for (RecordedRequest r : requests) {
      if (r.pathQuery().startsWith(prefix)) {
        out.add(r);
      }
    }
    return out;
  }

  private volatile java.util.function.Consumer<RecordedRequest> listener;

  /** Runs {@code l} on each request as it arrives, before it is answered ({@code null}: none). */
  public void onRequest(java.util.function.Consumer<RecordedRequest> l) {
    this.listener = l;
  }

  public void clear() {
    requests.clear();
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }

  private final class Recorder extends Handler.Abstract {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      Map<String, List<String>> headers = new LinkedHashMap<>();
      for (HttpField f : request.getHeaders()) {
        headers.computeIfAbsent(f.getName().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(f.getValue());
      }
      String pathQuery = request.getHttpURI().getPathQuery();
      RecordedRequest recorded = new RecordedRequest(name, Request.getLocalPort(request),
          request.getConnectionMetaData().getProtocol(), request.isSecure(), request.getMethod(), pathQuery,
          headers);
      requests.add(recorded);
      java.util.function.Consumer<RecordedRequest> l = listener;
      if (l != null) {
        l.accept(recorded);
      }
      String path = request.getHttpURI().getPath();
      if ("/redirect".equals(path)) {
        Map<String, String> q = query(request.getHttpURI().getQuery());
        response.setStatus(Integer.parseInt(q.getOrDefault("status", "302")));
        response.getHeaders().put("Location", q.get("to"));
        Content.Sink.write(response, true, "", callback);
        return true;
      }
      response.setStatus(200);
      response.getHeaders().put("Content-Type", "text/plain");
      Content.Sink.write(response, true, "ok " + name, callback);
      return true;
    }

    private Map<String, String> query(String raw) {
      Map<String, String> out = new LinkedHashMap<>();
      if (raw != null) {
        for (String part : raw.split("&")) {
          int eq = part.indexOf('=');
          if (eq > 0) {
            out.put(part.substring(0, eq), URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8));
          }
        }
      }
      return out;
    }
  }
}
