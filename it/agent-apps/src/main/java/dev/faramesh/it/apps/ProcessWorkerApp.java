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
    } else if (args[0].equals("budget")) {
      budget(args[1], args[2], args[3], args[4]);
    } else if (args[0].equals("spend")) {
      spend(args[1], args[2], Integer.parseInt(args[3]));
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

  /**
   * {@code budget BASE JAR APPS WORKER_SOCKET}: calls {@code supervisor-1}, launches worker-research
   * to spend ({@code worker-research-1..3}), calls {@code supervisor-2}, then removes the budget
   * endpoint's socket under {@code java.io.tmpdir} (as if the endpoint were gone) and launches the
   * worker once more ({@code worker-research-late-1}).
   */
  private static void budget(String base, String jar, String apps, String workerSocket) throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    get(client, base, "supervisor-1");
    launch(jar, apps, workerSocket, "worker-research", "spend", base, "worker-research", "3");
    get(client, base, "supervisor-2");
    int removed = 0;
    try (java.util.stream.Stream<java.nio.file.Path> dirs = java.nio.file.Files.list(
        java.nio.file.Path.of(System.getProperty("java.io.tmpdir")))) {
      for (java.nio.file.Path d : dirs.filter(d -> d.getFileName().toString().startsWith("faramesh-budget-"))
          .toList()) {
        if (java.nio.file.Files.deleteIfExists(d.resolve("budget.sock"))) {
          removed++;
        }
      }
    }
    System.out.println("RESULT endpoint sockets removed=" + removed);
    launch(jar, apps, workerSocket, "worker-research", "spend", base, "worker-research-late", "1");
  }

  /** {@code spend BASE ID N}: whether the budget grant is visible, then calls {@code BASE/ID-1..N}. */
  private static void spend(String base, String id, int calls) {
    System.out.println("RESULT " + id + " budget-env=" + System.getenv().keySet().stream()
        .anyMatch(k -> k.startsWith("FARAMESH_BUDGET")) + "/" + (System.getenv("FARAMESH_BUDGET_SECRET") != null));
    HttpClient client = HttpClient.newHttpClient();
    for (int i = 1; i <= calls; i++) {
      get(client, base, id + "-" + i);
    }
  }

  private static void launch(String jar, String apps, String workerSocket, String worker, String... args)
      throws Exception {
    List<String> command = new ArrayList<>(List.of(System.getProperty("java.home") + "/bin/java",
        "-javaagent:" + jar + "=agent=" + worker + ",wal=wal-" + worker, "-cp", apps,
        ProcessWorkerApp.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("SPIFFE_ENDPOINT_SOCKET", workerSocket);
    pb.redirectErrorStream(true);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      String code = e instanceof Denial d ? d.reasonCode() : e.getClass().getSimpleName();
      System.out.println("RESULT launch " + worker + " denied " + code);
      return;
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
