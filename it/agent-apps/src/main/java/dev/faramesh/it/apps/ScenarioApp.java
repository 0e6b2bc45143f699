package dev.faramesh.it.apps;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * An ordinary application that knows nothing about Faramesh. It runs the steps of a scenario file
 * (one per line, tab-separated) and prints one {@code RESULT} line per step, so a test can see what
 * the application observed: environment values, HTTP outcomes, child process output. Failures are
 * caught and printed and the application goes on, as a real application would.
 *
 * <pre>
 * getenv     NAME                      System.getenv(NAME)
 * getenvall  NAME                      System.getenv().get(NAME)
 * pbenv      NAME                      new ProcessBuilder().environment().get(NAME)
 * http       ID VERSION METHOD URL [Name: value]...      HttpClient.send
 * async      ID VERSION METHOD URL [Name: value]...      HttpClient.sendAsync
 * urlconn    ID METHOD URL [Name: value]...              HttpURLConnection
 * exec       ID pb|runtime CMD...                        ProcessBuilder.start / Runtime.exec(String[])
 * execenv    ID CMD...                                   Runtime.exec(String[], envp) with EXTRA=1 and OPENAI_API_KEY
 * pbput      ID NAME VALUE CMD...                        environment().put(NAME, VALUE) then start
 * pause      NAME                      creates NAME.ready in the working directory, waits for NAME.go
 * </pre>
 * Values may contain {@code {env:NAME}} (System.getenv) and {@code {basic:USER:NAME}} (HTTP Basic
 * credentials of USER and that variable's value).
 */
public final class ScenarioApp {

  private ScenarioApp() {}

  public static void main(String[] args) throws Exception {
    System.out.println("APP STARTED");
    List<String> lines = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
    HttpClient h1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.ALWAYS).connectTimeout(Duration.ofSeconds(10)).build();
    HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
        .followRedirects(HttpClient.Redirect.ALWAYS).connectTimeout(Duration.ofSeconds(10)).build();
    for (String line : lines) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\t");
      try {
        run(f, h1, h2);
      } catch (Exception e) {
        System.out.println("RESULT " + (f.length > 1 ? f[1] : f[0]) + " error " + describe(e));
      }
    }
    System.out.println("APP DONE");
  }

  private static void run(String[] f, HttpClient h1, HttpClient h2) throws Exception {
    switch (f[0]) {
      case "getenv":
        System.out.println("RESULT getenv " + f[1] + "=" + System.getenv(f[1]));
        break;
      case "getenvall":
        Map<String, String> all = System.getenv();
        System.out.println("RESULT getenvall " + f[1] + "=" + all.get(f[1]));
        break;
      case "pbenv":
        System.out.println("RESULT pbenv " + f[1] + "=" + new ProcessBuilder().environment().get(f[1]));
        break;
      case "http":
      case "async":
        http(f, "HTTP_2".equals(f[2]) ? h2 : h1, f[0].equals("async"));
        break;
      case "urlconn":
        urlConnection(f);
        break;
      case "exec":
        exec(f[1], f[2], Arrays.copyOfRange(f, 3, f.length));
        break;
      case "execenv":
        String[] envp = {"EXTRA=1", "OPENAI_API_KEY=" + System.getenv("OPENAI_API_KEY")};
        print(f[1], Runtime.getRuntime().exec(Arrays.copyOfRange(f, 2, f.length), envp));
        break;
      case "pbput":
        ProcessBuilder pb = new ProcessBuilder(Arrays.copyOfRange(f, 4, f.length));
        pb.environment().put(f[2], expand(f[3]));
        print(f[1], pb.redirectErrorStream(true).start());
        break;
      case "pause":
        pause(f[1]);
        break;
      default:
        System.out.println("RESULT " + f[0] + " unknown step");
    }
  }

  /** Lets the test change the world between two steps (rotate a credential, stop a server). */
  private static void pause(String name) throws IOException, InterruptedException {
    Files.writeString(Path.of(name + ".ready"), "");
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!Files.exists(Path.of(name + ".go")) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    System.out.println("RESULT pause " + name);
  }

  private static void http(String[] f, HttpClient client, boolean async) {
    String id = f[1];
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(expand(f[4]))).timeout(Duration.ofSeconds(20));
    b.method(f[3], HttpRequest.BodyPublishers.noBody());
    for (int i = 5; i < f.length; i++) {
      int colon = f[i].indexOf(':');
      b.header(f[i].substring(0, colon).trim(), expand(f[i].substring(colon + 1).trim()));
    }
    try {
      HttpResponse<String> r;
      if (async) {
        CompletableFuture<HttpResponse<String>> cf = client.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString());
        r = cf.join();
      } else {
        r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
      }
      System.out.println("RESULT " + id + " status=" + r.statusCode() + " version=" + r.version() + " body=" + r.body());
    } catch (CompletionException e) {
      System.out.println("RESULT " + id + " failed-future " + describe(e.getCause()));
    } catch (IOException | InterruptedException | RuntimeException e) {
      System.out.println("RESULT " + id + " threw " + describe(e));
    }
  }

  private static void urlConnection(String[] f) {
    String id = f[1];
    try {
      HttpURLConnection c = (HttpURLConnection) new URL(expand(f[3])).openConnection();
      c.setRequestMethod(f[2]);
      c.setConnectTimeout(10_000);
      c.setReadTimeout(20_000);
      for (int i = 4; i < f.length; i++) {
        int colon = f[i].indexOf(':');
        c.setRequestProperty(f[i].substring(0, colon).trim(), expand(f[i].substring(colon + 1).trim()));
      }
      int status = c.getResponseCode();
      String body;
      try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
        body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      System.out.println("RESULT " + id + " status=" + status + " body=" + body);
    } catch (IOException | RuntimeException e) {
      System.out.println("RESULT " + id + " threw " + describe(e));
    }
  }

  private static void exec(String id, String how, String[] cmd) throws IOException, InterruptedException {
    try {
      Process p = "runtime".equals(how) ? Runtime.getRuntime().exec(cmd)
          : new ProcessBuilder(cmd).redirectErrorStream(true).start();
      print(id, p);
    } catch (IOException e) {
      System.out.println("RESULT " + id + " threw " + describe(e));
    }
  }

  private static void print(String id, Process p) throws IOException, InterruptedException {
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int code = p.waitFor();
    for (String l : out.split("\n")) {
      System.out.println("CHILD " + id + " " + l);
    }
    System.out.println("RESULT " + id + " exit=" + code);
  }

  /** Expands {@code {env:NAME}} and {@code {basic:USER:NAME}}. */
  static String expand(String s) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < s.length()) {
      int open = s.indexOf('{', i);
      int close = open < 0 ? -1 : s.indexOf('}', open);
      if (open < 0 || close < 0) {
        out.append(s.substring(i));
        break;
      }
      out.append(s, i, open);
      String token = s.substring(open + 1, close);
      if (token.startsWith("env:")) {
        out.append(System.getenv(token.substring(4)));
      } else if (token.startsWith("basic:")) {
        String[] parts = token.split(":");
        String pair = parts[1] + ":" + System.getenv(parts[2]);
        out.append(Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
      } else {
        out.append('{').append(token).append('}');
      }
      i = close + 1;
    }
    return out.toString();
  }

  private static String describe(Throwable t) {
    List<String> chain = new ArrayList<>();
    for (Throwable c = t; c != null && chain.size() < 4; c = c.getCause()) {
      chain.add(c.getClass().getName() + ": " + c.getMessage());
    }
    return "class=" + t.getClass().getName() + " io=" + (t instanceof IOException) + " message=" + t.getMessage()
        + " chain=" + chain;
  }
}
