package dev.faramesh.it.frameworks;

import dev.faramesh.it.support.TestTls;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.security.KeyStore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A loopback server that answers nothing and counts what reaches it: connections accepted, TLS
 * handshakes completed, and bytes received after the handshake (on a plain connection, every byte).
 * It shows what a client sent to a host before it gave up: a connection with zero bytes means
 * nothing of a request arrived.
 */
final class Sink implements AutoCloseable {

  /** What the sink saw since the last {@link #clear}. */
  record Seen(int plainConnections, long plainBytes, int tlsConnections, int tlsHandshakes, long tlsBytes,
      String handshakeFailure) {}

  private final ServerSocket plain;
  private final SSLServerSocket tls;
  private final AtomicInteger plainConnections = new AtomicInteger();
  private final AtomicLong plainBytes = new AtomicLong();
  private final AtomicInteger tlsConnections = new AtomicInteger();
  private final AtomicInteger tlsHandshakes = new AtomicInteger();
  private final AtomicLong tlsBytes = new AtomicLong();
  private final AtomicInteger closed = new AtomicInteger();
  private volatile String handshakeFailure;

  private Sink(ServerSocket plain, SSLServerSocket tls) {
    this.plain = plain;
    this.tls = tls;
  }

  static Sink start(TestTls certificate) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(certificate.keyStore())) {
      ks.load(in, certificate.password().toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, certificate.password().toCharArray());
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), null, null);
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    Sink s = new Sink(new ServerSocket(0, 50, loopback),
        (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 50, loopback));
    s.accept(s.plain, false);
    s.accept(s.tls, true);
    return s;
  }

  int plainPort() {
    return plain.getLocalPort();
  }

  int tlsPort() {
    return tls.getLocalPort();
  }

  void clear() {
    plainConnections.set(0);
    plainBytes.set(0);
    tlsConnections.set(0);
    tlsHandshakes.set(0);
    tlsBytes.set(0);
    closed.set(0);
    handshakeFailure = null;
  }

  /** What the sink saw, once every connection it accepted was closed by the client (at most 10 s). */
  Seen seen() throws InterruptedException {
    long until = System.nanoTime() + 10_000_000_000L;
    while (closed.get() < plainConnections.get() + tlsConnections.get() && System.nanoTime() < until) {
      Thread.sleep(20);
    }
    return new Seen(plainConnections.get(), plainBytes.get(), tlsConnections.get(), tlsHandshakes.get(), tlsBytes.get(),
        handshakeFailure);
  }

  private void accept(ServerSocket server, boolean secure) {
    Thread t = new Thread(() -> {
      while (!server.isClosed()) {
        try {
          Socket socket = server.accept();
          (secure ? tlsConnections : plainConnections).incrementAndGet();
          Thread reader = new Thread(() -> drain(socket, secure), "sink-connection");
          reader.setDaemon(true);
          reader.start();
        } catch (IOException e) {
          // closed
        }
      }
    }, "sink-" + (secure ? "tls" : "plain"));
    t.setDaemon(true);
    t.start();
  }

  private void drain(Socket socket, boolean secure) {
    try (socket) {
      if (secure) {
        // the handshake is what a client needs to send its request: count it separately from data
        try {
          ((SSLSocket) socket).startHandshake();
        } catch (IOException e) {
          handshakeFailure = e.toString();
          throw e;
        }
        tlsHandshakes.incrementAndGet();
      }
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[4096];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        (secure ? tlsBytes : plainBytes).addAndGet(n);
      }
    } catch (IOException e) {
      // the client went away
    } finally {
      closed.incrementAndGet();
    }
  }

  @Override
  public void close() throws IOException {
    plain.close();
    tls.close();
  }
}
