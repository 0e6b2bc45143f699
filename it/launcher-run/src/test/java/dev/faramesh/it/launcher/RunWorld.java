package dev.faramesh.it.launcher;

import dev.faramesh.audit.AuditReader;
import dev.faramesh.audit.DprRecord;
import dev.faramesh.it.support.HostsFile;
import dev.faramesh.it.support.RecordingServer;
import dev.faramesh.it.support.TestSecrets;
import dev.faramesh.it.support.TestTls;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What the launcher suites share: two recording servers ({@code api.allowed.test}, where the
 * OpenAI credential is scoped, and {@code exfil.evil.test}, where it is not), their certificate,
 * the hosts file the launcher resolves them with, fresh random secrets, the policy, and how to
 * start {@code java -jar faramesh.jar ...} with an environment made only of what the test sets.
 */
final class RunWorld {

  static final String ALLOWED = "api.allowed.test";
  static final String EVIL = "exfil.evil.test";

  static final String POLICY = """
      credential "openai" {
        backend = "env"
        env     = ["OPENAI_API_KEY"]
        hosts   = ["api.allowed.test"]
      }
      agent run-bot {
        default deny
        rules {
          deny http/get host "api.allowed.test" path "/forbidden" reason: "forbidden path"
          permit http/* host "api.allowed.test"
          permit http/* host "exfil.evil.test"
          permit process/exec
        }
      }
      """;

  private static RunWorld instance;

  final Path dir;
  final TestTls tls;
  final RecordingServer allowed;
  final RecordingServer evil;
  final Path hosts;
  final Path serverPem;
  /** Ambient credentials in the launcher's environment, by variable. */
  final Map<String, String> secrets = new LinkedHashMap<>();

  private RunWorld() throws Exception {
    dir = Files.createTempDirectory("faramesh-it-run");
    tls = TestTls.create(dir.resolve("tls"), List.of(ALLOWED, EVIL, "localhost"));
    serverPem = dir.resolve("tls/server.pem");
    allowed = RecordingServer.start("allowed", tls);
    evil = RecordingServer.start("evil", tls);
    hosts = HostsFile.write(dir.resolve("hosts"), List.of(ALLOWED, EVIL));
    secrets.put("OPENAI_API_KEY", TestSecrets.random("sk-proj-", 48));
    secrets.put("GITHUB_TOKEN", TestSecrets.random("ghp_", 36));
    secrets.put("AWS_SECRET_ACCESS_KEY", TestSecrets.random("", 40));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        allowed.close();
        evil.close();
      } catch (Exception ignored) {
        // the JVM is exiting anyway
      }
    }));
  }

  static synchronized RunWorld get() throws Exception {
    if (instance == null) {
      instance = new RunWorld();
    }
    return instance;
  }

  String openai() {
    return secrets.get("OPENAI_API_KEY");
  }

  /** A fresh working directory holding the policy. */
  Path work(String name) throws IOException {
    Path work = Files.createDirectories(dir.resolve(name));
    Files.writeString(work.resolve("governance.fms"), POLICY);
    Files.createDirectories(work.resolve("xdg"));
    return work;
  }

  static Path jar() {
    return Path.of(System.getProperty("faramesh.jar"));
  }

  /** A script of {@code src/test/resources/children}, copied into {@code work}. */
  static Path script(Path work, String name) throws IOException {
    try (InputStream in = RunWorld.class.getResourceAsStream("/children/" + name)) {
      Path p = work.resolve(name);
      Files.write(p, in.readAllBytes());
      return p;
    }
  }

  /**
   * {@code java -jar faramesh.jar ARGS} in {@code work}: the launcher resolves the test hosts to
   * loopback, trusts the test server's certificate through {@code SSL_CERT_FILE} (as a user with a
   * corporate CA would), makes its run directory under {@code work/xdg}, and has the ambient
   * credentials in its environment.
   */
  ProcessBuilder faramesh(Path work, List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add(HostsFile.argument(hosts));
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-jar");
    cmd.add(jar().toString());
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile());
    pb.environment().clear();
    for (String name : List.of("PATH", "HOME", "LANG")) {
      String v = System.getenv(name);
      if (v != null) {
        pb.environment().put(name, v);
      }
    }
    pb.environment().putAll(secrets);
    pb.environment().put("SSL_CERT_FILE", serverPem.toString());
    pb.environment().put("XDG_RUNTIME_DIR", work.resolve("xdg").toString());
    return pb;
  }

  /** {@code faramesh audit verify DIR}: exit code and output. */
  record Verified(int code, String out) {}

  Verified verify(Path wal) throws Exception {
    Process p = faramesh(wal.getParent(), List.of("audit", "verify", wal.toString())).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("faramesh audit verify did not finish");
    }
    return new Verified(p.exitValue(), out);
  }

  /** Every DPR of a WAL directory, in order. */
  static List<DprRecord> records(Path wal) throws IOException {
    List<DprRecord> out = new ArrayList<>();
    AuditReader.forEach(wal, e -> out.add(e.record()));
    return out;
  }

  /** {@code text} with every raw secret replaced by its variable's name, safe to print. */
  String mask(String text) {
    String out = text;
    for (Map.Entry<String, String> s : secrets.entrySet()) {
      out = out.replace(s.getValue(), "<RAW " + s.getKey() + ">");
    }
    return out;
  }

  /** Fails, without printing any secret, when {@code text} holds a raw value. */
  void assertNoRawValue(String where, String text) {
    for (Map.Entry<String, String> s : secrets.entrySet()) {
      if (text.contains(s.getValue())) {
        throw new AssertionError("the raw value of " + s.getKey() + " is in " + where + ":\n" + mask(text));
      }
    }
  }

  /** Every file under {@code dir}, as one string, to search for values that must not be there. */
  static String contents(Path dir) throws IOException {
    StringBuilder sb = new StringBuilder();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        sb.append(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1)).append('\n');
      }
    }
    return sb.toString();
  }

  /** The run directories left under {@code work/xdg} (none once the launcher has exited). */
  static List<Path> leftovers(Path work) throws IOException {
    try (Stream<Path> s = Files.list(work.resolve("xdg"))) {
      return s.toList();
    }
  }
}
