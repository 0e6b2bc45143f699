package dev.faramesh.examples.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Stand-ins for the services the agent works with, on loopback so that the example runs offline: a
 * help-centre site ({@code http://127.0.0.1:P/kb/...}) and a CRM ({@code http://localhost:Q}) that
 * accepts only the real API token. The CRM knows the token's SHA-256 only (system property
 * {@code crm.token.sha256}), so nothing in this JVM ever holds the token itself.
 */
final class Backoffice implements AutoCloseable {

  private final HttpServer kb;
  private final HttpServer crm;
  private final byte[] tokenSha256;

  Backoffice(String tokenSha256Hex) throws IOException {
    this.tokenSha256 = tokenSha256Hex == null || tokenSha256Hex.isBlank() ? null : HexFormat.of().parseHex(tokenSha256Hex);
    kb = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    kb.createContext("/kb/", ex -> reply(ex, 200,
        "Refund policy: tier-1 agents may refund up to $200 per request; larger refunds go to a support lead."));
    kb.start();
    crm = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    crm.createContext("/customers/", this::customer);
    crm.start();
  }

  String kbUrl() {
    return "http://127.0.0.1:" + kb.getAddress().getPort();
  }

  String crmUrl() {
    return "http://localhost:" + crm.getAddress().getPort();
  }

  private void customer(HttpExchange ex) throws IOException {
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    String id = ex.getRequestURI().getPath().substring("/customers/".length());
    if (auth == null || !auth.startsWith("Bearer ") || !matches(auth.substring(7))) {
      reply(ex, 401, "the CRM rejected the API token");
    } else {
      reply(ex, 200, "{\"id\":\"" + id + "\",\"name\":\"Ada Lovelace\",\"plan\":\"pro\",\"orders\":3}");
    }
  }

  private boolean matches(String token) {
    if (tokenSha256 == null) {
      return false;
    }
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
      return MessageDigest.isEqual(h, tokenSha256);
    } catch (NoSuchAlgorithmException e) {
      return false;
    }
  }

  private static void reply(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    kb.stop(0);
    crm.stop(0);
  }
}
