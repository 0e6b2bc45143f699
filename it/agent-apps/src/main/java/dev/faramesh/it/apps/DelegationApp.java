package dev.faramesh.it.apps;

import dev.faramesh.bootstrap.Faramesh;
import dev.faramesh.bootstrap.FarameshAgent;
import dev.faramesh.bootstrap.FarameshDeniedException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A supervisor and its workers in one process, scripted by its arguments: BASE_URL, then steps
 * {@code spawn:AGENT} ({@code Faramesh.agent(AGENT)}), {@code get:ID} (as the JVM's agent),
 * {@code AGENT:ID} (inside {@code AGENT.run}, with the handle the spawn returned) and
 * {@code pause:NAME} (writes {@code NAME.ready} in the working directory, waits for {@code NAME.go}).
 * Prints one {@code RESULT} line per call or spawn.
 */
public final class DelegationApp {

  private DelegationApp() {}

  public static void main(String[] args) throws Exception {
    System.out.println("APP STARTED");
    String base = args[0];
    HttpClient client = HttpClient.newHttpClient();
    Map<String, FarameshAgent> agents = new HashMap<>();
    for (int i = 1; i < args.length; i++) {
      String step = args[i];
      int colon = step.indexOf(':');
      String verb = step.substring(0, colon);
      String arg = step.substring(colon + 1);
      switch (verb) {
        case "spawn" -> spawn(arg, agents);
        case "get" -> get(client, base, arg);
        case "pause" -> pause(arg);
        default -> {
          FarameshAgent a = agents.get(verb);
          if (a == null) {
            System.out.println("RESULT " + arg + " no-agent " + verb);
          } else {
            a.run(() -> get(client, base, arg));
          }
        }
      }
    }
    System.out.println("APP DONE");
  }

  private static void spawn(String id, Map<String, FarameshAgent> agents) {
    try {
      FarameshAgent a = Faramesh.agent(id);
      agents.put(id, a);
      System.out.println("RESULT spawn " + id + " ok " + a.id());
    } catch (FarameshDeniedException e) {
      System.out.println("RESULT spawn " + id + " denied " + e.reasonCode());
    }
  }

  private static void pause(String name) throws Exception {
    Files.writeString(Path.of(name + ".ready"), "");
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!Files.exists(Path.of(name + ".go")) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }

  private static void get(HttpClient client, String base, String id) {
    try {
      HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + "/" + id)).build(),
          HttpResponse.BodyHandlers.ofString());
      System.out.println("RESULT " + id + " status=" + r.statusCode());
    } catch (Exception e) {
      String code = e instanceof dev.faramesh.bootstrap.Denial d ? d.reasonCode() : e.getClass().getSimpleName();
      System.out.println("RESULT " + id + " denied " + code);
    }
  }
}
