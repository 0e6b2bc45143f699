package dev.faramesh.it.apps;

import dev.faramesh.bootstrap.Denial;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A supervisor JVM that launches worker JVMs, and the worker, both under faramesh.jar.
 * {@code supervise BASE JAR APPS WORKER_SOCKET WORKER...}: calls {@code BASE/supervisor-1}, then
 * launches {@code java -javaagent:JAR=agent=WORKER,wal=wal-WORKER -Dfaramesh.it.padding=... -cp APPS
 * ProcessWorkerApp work BASE WORKER} (over 6 KB) for each worker, with {@code SPIFFE_ENDPOINT_SOCKET=WORKER_SOCKET} (the worker's own
 * Workload API), and prints the worker's {@code RESULT} lines. {@code work BASE ID}: tells whether
 * it can see {@code FARAMESH_DELEGATION} ({@code System.getenv(name)}, the {@code System.getenv()}
 * map, and a child process's environment), then calls {@code BASE/ID-1}. One {@code RESULT} line
 * per step.
 */
public final class ProcessWorkerApp {

  private static final String TOKEN = "FARAMESH_DELEGATION";

  private ProcessWorkerApp() {}

  public static void main(String[] args) throws Exception {
    System.out.println("APP STARTED");
    if (args[0].equals("supervise")) {
      supervise(args[1], args[2], args[3], args[4], List.of(args).subList(5, args.length));
    } else {
      work(args[1], args[2]);
    }
    System.out.println("APP DONE");
  }

  private static void supervise(String base, String jar, String apps, String workerSocket, List<String> workers)
      throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    get(client, base, "supervisor-1");
    String java = System.getProperty("java.home") + "/bin/java";
    for (String worker : workers) {
      // a command line longer than the 4 KB ProcessHandle.Info reads on Linux, as a long class path makes it
      ProcessBuilder pb = new ProcessBuilder(java, "-javaagent:" + jar + "=agent=" + worker + ",wal=wal-" + worker,
          "-Dfaramesh.it.padding=" + "p".repeat(6000), "-cp", apps, ProcessWorkerApp.class.getName(), "work", base,
          worker);
      pb.environment().put("SPIFFE_ENDPOINT_SOCKET", workerSocket);
      pb.redirectErrorStream(true);
      Process p;
      try {
        p = pb.start();
      } catch (IOException e) {
        String code = e instanceof Denial d ? d.reasonCode() : e.getClass().getSimpleName();
        System.out.println("RESULT launch " + worker + " denied " + code);
        continue;
      }
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int exit = p.waitFor();
      for (String line : out.split("\n")) {
        if (line.startsWith("RESULT ")) {
          System.out.println(line);
        } else if (!line.isBlank()) {
          System.out.println("WORKER " + line);
        }
      }
      System.out.println("RESULT launch " + worker + " exit=" + exit);
    }
  }

  private static void work(String base, String id) throws Exception {
    System.out.println("RESULT " + id + " getenv=" + (System.getenv(TOKEN) != null));
    System.out.println("RESULT " + id + " getenv-map=" + System.getenv().containsKey(TOKEN));
    try {
      Process env = new ProcessBuilder("/usr/bin/env").redirectErrorStream(true).start();
      String out = new String(env.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      env.waitFor();
      List<String> names = new ArrayList<>();
      for (String line : out.split("\n")) {
        names.add(line.contains("=") ? line.substring(0, line.indexOf('=')) : line);
      }
      System.out.println("RESULT " + id + " child-env=" + names.contains(TOKEN));
    } catch (IOException e) {
      String code = e instanceof Denial d ? d.reasonCode() : e.getClass().getSimpleName();
      System.out.println("RESULT " + id + " child-env denied " + code);
    }
    get(HttpClient.newHttpClient(), base, id + "-1");
  }

  private static void get(HttpClient client, String base, String id) {
    try {
      HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + "/" + id)).build(),
          HttpResponse.BodyHandlers.ofString());
      System.out.println("RESULT " + id + " status=" + r.statusCode());
    } catch (Exception e) {
      String code = e instanceof Denial d ? d.reasonCode() : e.getClass().getSimpleName();
      System.out.println("RESULT " + id + " denied " + code);
    }
  }
}
