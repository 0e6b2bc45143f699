package dev.faramesh.it.apps;

import dev.faramesh.bootstrap.Faramesh;
import dev.faramesh.bootstrap.FarameshAgent;
import dev.faramesh.bootstrap.FarameshDeniedException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * A supervisor with workers in one process, through the bridge's public API: it calls
 * {@code BASE/supervisor-N} itself, then runs {@code worker-research}, which calls
 * {@code BASE/research-N}, and tries to spawn {@code worker-rogue} and {@code worker-writer}.
 * Prints one {@code RESULT} line per call or spawn. Arguments: BASE_URL WORKER_CALLS.
 */
public final class MultiAgentApp {

  private MultiAgentApp() {}

  public static void main(String[] args) throws Exception {
    System.out.println("APP STARTED");
    String base = args[0];
    int calls = Integer.parseInt(args[1]);
    HttpClient client = HttpClient.newHttpClient();
    get(client, base, "supervisor-1");
    FarameshAgent research = spawn("worker-research");
    if (research != null) {
      research.run(() -> {
        for (int i = 1; i <= calls; i++) {
          get(client, base, "research-" + i);
        }
      });
    }
    spawn("worker-rogue");
    spawn("worker-writer");
    get(client, base, "supervisor-2");
    System.out.println("APP DONE");
  }

  private static FarameshAgent spawn(String id) {
    try {
      FarameshAgent a = Faramesh.agent(id);
      System.out.println("RESULT spawn " + id + " ok " + a.id());
      return a;
    } catch (FarameshDeniedException e) {
      System.out.println("RESULT spawn " + id + " denied " + e.reasonCode());
      return null;
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
