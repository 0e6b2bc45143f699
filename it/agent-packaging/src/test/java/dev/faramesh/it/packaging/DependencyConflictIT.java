package dev.faramesh.it.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.faramesh.audit.AuditReader;
import dev.faramesh.audit.DprRecord;
import dev.faramesh.it.support.ChildJvm;
import dev.faramesh.it.support.Jdks;
import dev.faramesh.it.support.TestSecrets;
import dev.faramesh.testkit.spiffe.TestTrustDomain;
import dev.faramesh.testkit.spiffe.WorkloadApiServer;
import java.io.File;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An application that brings its own, different Jackson and Byte Buddy (the agent's own
 * libraries), or gRPC, Guava, protobuf and nimbus (the identity providers' libraries, in use by a
 * SPIFFE identity at the same time) runs under the agent with exactly its own versions, uses them,
 * and is still governed.
 */
class DependencyConflictIT {

  @TempDir static Path dir;

  static Stream<Jdks.Jdk> jdks() {
    return Jdks.selected().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void theApplicationsOwnVersionsWinAndTheAgentStillGoverns(Jdks.Jdk jdk) throws Exception {
    String jackson = System.getProperty("faramesh.it.foreign.jackson");
    String byteBuddy = System.getProperty("faramesh.it.foreign.bytebuddy");
    String classpath;
    try (Stream<Path> jars = Files.list(Path.of(System.getProperty("faramesh.it.foreign")))) {
      classpath = Apps.APPS + File.pathSeparator
          + jars.map(Path::toString).sorted().collect(Collectors.joining(File.pathSeparator));
    }
    Path work = Apps.workdir(dir, "jdk" + jdk.feature(), """
        credential "openai" {
          backend = "env"
          env = ["OPENAI_API_KEY"]
          hosts = ["api.openai.com"]
        }
        agent app {
          default deny
        }
        """);
    String secret = TestSecrets.random("sk-", 40);
    ChildJvm.Result r = ChildJvm.on(jdk).agent(Apps.JAR, "agent=app").classpath(classpath)
        .main("dev.faramesh.it.apps.ConflictApp").directory(work).env("OPENAI_API_KEY", secret).run();
    assertThat(r.exitCode()).as("%s", r).isZero();
    assertThat(r.value("jackson")).isEqualTo(jackson);
    assertThat(r.value("bytebuddy")).isEqualTo(byteBuddy);
    assertThat(r.value("json")).isEqualTo("{\"k\":\"v\"}");
    assertThat(r.value("subclass")).isEqualTo("made by the app's byte buddy");
    assertThat(r.value("getenv")).startsWith("sk-").isNotEqualTo(secret).hasSameSizeAs(secret);
    assertThat(r.stdout() + r.stderr()).doesNotContain(secret);
    assertThat(r.stderr()).doesNotContain("Exception");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void theApplicationsOwnGrpcGuavaProtobufAndNimbusWinWhileTheAgentAttestsWithSpiffe(Jdks.Jdk jdk) throws Exception {
    String classpath;
    try (Stream<Path> jars = Files.list(Path.of(System.getProperty("faramesh.it.foreign.identity")))) {
      classpath = Apps.APPS + File.pathSeparator
          + jars.map(Path::toString).sorted().collect(Collectors.joining(File.pathSeparator));
    }
    HttpServer target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    target.createContext("/", ex -> {
      byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    target.start();
    Path work = Files.createDirectories(dir.resolve("spiffe-jdk" + jdk.feature()));
    try (WorkloadApiServer api = WorkloadApiServer.start(work.resolve("agent.sock"),
        TestTrustDomain.create("example.org"), "/agents/app")) {
      Files.writeString(work.resolve("governance.fms"), """
          identity "workload" {
            type = "spiffe"
            socket = "%s"
            trust_domain = "example.org"
          }
          runtime { identity = "workload" }
          agent app {
            default deny
            rules { permit http/* when principal.id == "spiffe://example.org/agents/app" }
          }
          """.formatted(api.address()));
      ChildJvm.Result r = ChildJvm.on(jdk).agent(Apps.JAR, "agent=app").classpath(classpath)
          .main("dev.faramesh.it.apps.ForeignLibrariesApp", "http://127.0.0.1:" + target.getAddress().getPort() + "/x")
          .directory(work).run();
      assertThat(r.exitCode()).as("%s", r).isZero();
      // each library is the application's own version, loaded from the jar it brought
      assertThat(r.value("grpc.jar")).isEqualTo("grpc-api-" + System.getProperty("faramesh.it.foreign.grpc") + ".jar");
      assertThat(r.value("guava.jar")).isEqualTo("guava-" + System.getProperty("faramesh.it.foreign.guava") + ".jar");
      assertThat(r.value("protobuf.jar"))
          .isEqualTo("protobuf-java-" + System.getProperty("faramesh.it.foreign.protobuf") + ".jar");
      assertThat(r.value("nimbus.jar"))
          .isEqualTo("nimbus-jose-jwt-" + System.getProperty("faramesh.it.foreign.nimbus") + ".jar");
      assertThat(r.value("grpc")).isEqualTo("PERMISSION_DENIED: app-value");
      assertThat(r.value("grpc.log")).as("the agent silenced only its own gRPC and java-spiffe loggers")
          .isEqualTo("null,null");
      assertThat(r.value("guava")).isEqualTo("[b, a],b12183b5");
      assertThat(r.value("protobuf")).isEqualTo("1700000000.7,type.googleapis.com/google.protobuf.Timestamp");
      assertThat(r.value("nimbus")).isEqualTo("true,app");
      // ...while the agent attested with its own gRPC over the Workload API and governed the call
      assertThat(r.value("http")).isEqualTo("200 ok");
      List<DprRecord> dprs = new ArrayList<>();
      AuditReader.forEach(work.resolve(".faramesh/wal"), e -> dprs.add(e.record()));
      assertThat(dprs).hasSize(1);
      assertThat(dprs.get(0).effect()).isEqualTo("PERMIT");
      assertThat(dprs.get(0).string("agent_svid")).isEqualTo("spiffe://example.org/agents/app");
      assertThat(r.stderr()).doesNotContain("Exception");
    } finally {
      target.stop(0);
    }
  }
}
