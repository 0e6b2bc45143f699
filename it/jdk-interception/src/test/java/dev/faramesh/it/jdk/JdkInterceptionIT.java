package dev.faramesh.it.jdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faramesh.audit.DprRecord;
import dev.faramesh.it.support.ChildJvm;
import dev.faramesh.it.support.Jdks;
import dev.faramesh.it.support.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An unmodified application under {@code -javaagent:faramesh.jar=agent=it-bot}, in a child JVM on
 * each selected JDK, reads credentials from its environment, calls a permitted host, an unscoped
 * host and a denied one over HTTP/1.1, h2c, TLS and TLS+h2 with {@code HttpClient} and
 * {@code HttpURLConnection}, follows redirects, and starts child processes. The servers record
 * what actually arrived.
 */
class JdkInterceptionIT {

  static Stream<Jdks.Jdk> jdks() {
    return Jdks.selected().stream();
  }

  private static InterceptionWorld.Run run(Jdks.Jdk jdk) throws Exception {
    InterceptionWorld.Run run = InterceptionWorld.get().run(jdk);
    assertThat(run.result().exitCode()).as("%s", run.result()).isZero();
    assertThat(run.result().stdout()).as("%s", run.result()).contains("APP DONE");
    return run;
  }

  private static String placeholder(InterceptionWorld.Run run) {
    return run.step("getenv").substring("OPENAI_API_KEY=".length());
  }

  private static RecordedRequest only(List<RecordedRequest> requests, String prefix) {
    List<RecordedRequest> matching = requests.stream().filter(r -> r.pathQuery().startsWith(prefix)).toList();
    assertThat(matching).as("requests to %s in %s", prefix, requests).hasSize(1);
    return matching.get(0);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void theApplicationReadsPlaceholdersOnly(Jdks.Jdk jdk) throws Exception {
    InterceptionWorld w = InterceptionWorld.get();
    InterceptionWorld.Run run = run(jdk);
    String p = placeholder(run);
    assertThat(p).startsWith("sk-proj-").hasSameSizeAs(w.openai).isNotEqualTo(w.openai);
    assertThat(run.result().lines("RESULT getenvall ")).containsExactly("OPENAI_API_KEY=" + p);
    assertThat(run.result().lines("RESULT pbenv ")).containsExactly("OPENAI_API_KEY=" + p);
    assertThat(run.result().lines("RESULT getenv ")).contains("GITHUB_TOKEN=" + run.result().lines("RESULT getenv ")
            .stream().filter(l -> l.startsWith("GITHUB_TOKEN=ghp_")).findFirst().orElseThrow().substring(13),
        "HF_TOKEN=null", "CORP_DB_PASSWORD=null", "OPENAI_COPY=" + p)
        .anyMatch(l -> l.startsWith("PATH=/"));
    assertThat(run.result().stdout()).doesNotContain("GITHUB_TOKEN=" + w.github);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void thePermittedHostReceivesTheRealValue(Jdks.Jdk jdk) throws Exception {
    InterceptionWorld w = InterceptionWorld.get();
    InterceptionWorld.Run run = run(jdk);
    for (String[] c : new String[][] {{"a-h1", "/v1/h1?", "HTTP/1.1"}, {"a-h2c", "/v1/h2c?", "HTTP/2.0"},
        {"a-h1s", "/v1/h1s?", "HTTP/1.1"}, {"a-h2s", "/v1/h2s?", "HTTP/2.0"}, {"a-async", "/v1/async?", "HTTP/2.0"},
        {"u-http", "/u/http?", "HTTP/1.1"}, {"u-https", "/u/https?", "HTTP/1.1"}}) {
      assertThat(run.step(c[0])).as(c[0]).startsWith("status=200");
      RecordedRequest r = only(run.atAllowed(), c[1]);
      assertThat(r.protocol()).as(c[0]).isEqualTo(c[2]);
      assertThat(r.pathQuery()).as(c[0]).isEqualTo(c[1] + "key=" + w.openai + "&v=1");
      assertThat(r.header("x-api-key")).as(c[0]).isEqualTo(w.openai);
      if (!c[0].equals("a-async")) {
        assertThat(r.header("authorization")).as(c[0]).isEqualTo("Bearer " + w.openai);
      }
    }
    for (String basic : List.of("/v1/basic", "/u/basic")) {
      String header = only(run.atAllowed(), basic).header("authorization");
      assertThat(header).startsWith("Basic ");
      assertThat(new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8))
          .isEqualTo("octocat:" + w.github);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void anUnscopedHostReceivesOnlyThePlaceholder(Jdks.Jdk jdk) throws Exception {
    InterceptionWorld w = InterceptionWorld.get();
    InterceptionWorld.Run run = run(jdk);
    String p = placeholder(run);
    assertThat(run.atEvil()).isNotEmpty();
    for (RecordedRequest r : run.atEvil()) {
      assertThat(r.everything()).as("at the unscoped host").doesNotContain(w.openai).doesNotContain(w.github);
    }
    for (String path : List.of("/steal/h1?", "/steal/h2s?", "/u/steal?")) {
      RecordedRequest r = only(run.atEvil(), path);
      assertThat(r.header("x-api-key")).isEqualTo(p);
      assertThat(r.header("authorization")).isEqualTo("Bearer " + p);
      assertThat(r.pathQuery()).contains("key=" + p);
    }
    String basic = only(run.atEvil(), "/steal/basic").header("authorization");
    assertThat(new String(Base64.getDecoder().decode(basic.substring(6)), StandardCharsets.UTF_8))
        .startsWith("octocat:ghp_").doesNotContain(w.github);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void redirectsAreDecidedAgainAndNeverCarryACredentialOutOfScope(Jdks.Jdk jdk) throws Exception {
    InterceptionWorld w = InterceptionWorld.get();
    InterceptionWorld.Run run = run(jdk);
    String p = placeholder(run);
    // the first hop goes to the permitted host with the real value
    assertThat(run.atAllowed().stream().filter(r -> r.pathQuery().startsWith("/redirect")))
        .allSatisfy(r -> assertThat(r.header("x-api-key")).isEqualTo(w.openai));
    for (String landing : List.of("/landing/h1", "/landing/h2s", "/u/landing")) {
      RecordedRequest r = only(run.atEvil(), landing);
      assertThat(r.header("x-api-key")).as(landing).isEqualTo(p);
    }
    assertThat(run.step("r-h1")).startsWith("status=200");
    assertThat(run.step("r-h2s")).startsWith("status=200");
    assertThat(run.step("u-redirect")).startsWith("status=200");
    // a redirect back to the permitted host gets the real value again
    assertThat(run.step("r-same")).startsWith("status=200");
    assertThat(only(run.atAllowed(), "/v1/after-redirect").header("x-api-key")).isEqualTo(w.openai);
    // a redirect to a denied host fails with the denial and nothing arrives there
    assertThat(run.step("r-blocked")).contains("class=dev.faramesh.bootstrap.FarameshDeniedIOException")
        .contains(InterceptionWorld.BLOCKED).contains("UNMATCHED_DENY");
    assertThat(run.atEvil()).noneMatch(r -> r.pathQuery().startsWith("/landing/blocked"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void aDeniedCallFailsWithTheDenialAndTheApplicationGoesOn(Jdks.Jdk jdk) throws Exception {
    InterceptionWorld.Run run = run(jdk);
    assertThat(run.step("d-path")).startsWith("threw class=dev.faramesh.bootstrap.FarameshDeniedIOException io=true")
        .containsPattern("rule fpl-\\d+ \\(.*governance.fms:\\d+:\\d+\\)").contains("[RULE_DENY]")
        .contains("forbidden path");
    assertThat(run.step("d-host")).startsWith("threw class=dev.faramesh.bootstrap.FarameshDeniedIOException io=true")
        .contains("no rule matched [UNMATCHED_DENY]");
    assertThat(run.step("d-async")).startsWith("failed-future class=dev.faramesh.bootstrap.FarameshDeniedIOException");
    assertThat(run.step("u-denied")).startsWith("threw class=dev.faramesh.bootstrap.FarameshDeniedIOException io=true")
        .contains("[UNMATCHED_DENY]");
    assertThat(run.atAllowed()).noneMatch(r -> r.pathQuery().startsWith("/forbidden"));
    assertThat(run.atEvil()).noneMatch(r -> r.pathQuery().startsWith("/never") || r.pathQuery().startsWith("/u/never"));
    // the steps after the denials ran
    assertThat(run.step("u-http")).startsWith("status=200");
    assertThat(run.step("c-put")).isEqualTo("exit=0");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void childProcessesHoldPlaceholdersOnly(Jdks.Jdk jdk) throws Exception {
    InterceptionWorld w = InterceptionWorld.get();
    InterceptionWorld.Run run = run(jdk);
    String p = placeholder(run);
    for (String id : List.of("c-pb", "c-rt", "c-envp", "c-put")) {
      List<String> env = run.child(id);
      assertThat(run.step(id)).as(id).isEqualTo("exit=0");
      assertThat(env).as(id).contains("OPENAI_API_KEY=" + p);
      assertThat(String.join("\n", env)).as(id).doesNotContain(w.openai).doesNotContain(w.github)
          .doesNotContain(w.hfToken).doesNotContain(w.corpPassword).doesNotContain("HF_TOKEN=")
          .doesNotContain("CORP_DB_PASSWORD=");
    }
    assertThat(run.child("c-pb")).contains("OPENAI_COPY=" + p).anyMatch(l -> l.startsWith("GITHUB_TOKEN=ghp_"));
    assertThat(run.child("c-envp")).contains("EXTRA=1");
    assertThat(run.child("c-put")).contains("SMUGGLED=" + p);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void noRawValueAppearsInTheApplicationsOutput(Jdks.Jdk jdk) throws Exception {
    InterceptionWorld w = InterceptionWorld.get();
    InterceptionWorld.Run run = run(jdk);
    for (String secret : List.of(w.openai, w.github, w.hfToken, w.corpPassword)) {
      assertThat(run.result().stdout()).doesNotContain(secret);
      assertThat(run.result().stderr()).doesNotContain(secret);
    }
    assertThat(run.result().stderr()).doesNotContain("could not instrument").doesNotContain("Exception");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void everyDecisionIsRecordedExactlyOnceAsADevTaggedDpr(Jdks.Jdk jdk) throws Exception {
    InterceptionWorld w = InterceptionWorld.get();
    InterceptionWorld.Run run = run(jdk);
    List<DprRecord> decisions = run.decisions();
    assertThat(decisions).hasSize(InterceptionWorld.EXPECTED_DECISIONS);
    assertThat(decisions).allSatisfy(d -> {
      assertThat(d.agentId()).isEqualTo("it-bot");
      assertThat(d.devMode()).isTrue();
      assertThat(d.enforcementMode()).isEqualTo("enforce");
      assertThat(d.agentSvid()).startsWith("spiffe://localhost/dev/").endsWith("/jdk" + jdk.feature() + "/it-bot");
      assertThat(d.principalIdHash()).hasSize(16);
    });
    assertThat(decisions).filteredOn(d -> d.toolId().equals("process/exec")).hasSize(4);
    assertThat(decisions).filteredOn(d -> d.effect().equals("DENY")).hasSize(5)
        .allSatisfy(d -> assertThat(d.denialToken()).startsWith("dnl_"));
    assertThat(decisions).filteredOn(d -> d.reasonCode().equals("RULE_DENY")).singleElement()
        .satisfies(d -> assertThat(d.ruleRef()).matches(".*governance.fms:\\d+:\\d+"));
    assertThat(decisions).filteredOn(DprRecord::credentialBrokered).isNotEmpty()
        .allSatisfy(d -> assertThat(d.credentialScope()).containsAnyOf("openai", "github"));
    String wal = new String(Files.readAllBytes(run.wal().resolve("faramesh.wal")), StandardCharsets.ISO_8859_1);
    assertThat(wal).doesNotContain(w.openai).doesNotContain(w.github).doesNotContain(InterceptionWorld.ALLOWED);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void faramesAuditVerifyPassesOnTheWalTheRunWrote(Jdks.Jdk jdk) throws Exception {
    InterceptionWorld.Run run = run(jdk);
    ChildJvm.Result verify = ChildJvm.on(jdk).jar(Path.of(System.getProperty("faramesh.jar")), "audit", "verify",
        run.wal().toString()).run();
    assertThat(verify.exitCode()).as("%s", verify).isZero();
    assertThat(verify.stdout()).contains("Chain integrity verified. " + InterceptionWorld.EXPECTED_DECISIONS
        + " records, 0 violations.");
  }
}
