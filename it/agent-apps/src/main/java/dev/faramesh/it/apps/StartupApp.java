package dev.faramesh.it.apps;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * The start-up benchmark's application: it starts a loopback HTTP server, makes one
 * {@code HttpClient} call to it and exits. Its wall time is dominated by JVM start and class
 * loading, which is what an agent adds to.
 */
public final class StartupApp {

  private StartupApp() {}

  public static void main(String[] args) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    HttpResponse<String> r = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hello")).build(),
        HttpResponse.BodyHandlers.ofString());
    System.out.println(r.statusCode() + " " + r.body());
    server.stop(0);
  }
}
