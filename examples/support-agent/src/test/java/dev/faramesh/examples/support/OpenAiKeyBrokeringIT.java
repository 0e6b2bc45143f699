package dev.faramesh.examples.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The example in its real-service mode ({@code -Dsupport.model=openai}, {@code OPENAI_API_KEY},
 * {@code OPENAI_BASE_URL}) against a loopback stand-in for the OpenAI API that records the
 * {@code Authorization} header it gets: the real key arrives only when the policy binds the
 * credential to that host; with the shipped binding ({@code api.openai.com} only) the request to
 * another host carries the placeholder. The key never appears in the app's output.
 */
class OpenAiKeyBrokeringIT {

  private static final Path REPO = Path.of(System.getProperty("faramesh.repo", "../..")).toAbsolutePath().normalize();
  private static final String KEY = "sk-proj-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(20));
  private static final List<String> AUTHORIZATIONS = new CopyOnWriteArrayList<>();
  private static HttpServer openai;

  @BeforeAll
  static void start() throws Exception {
    openai = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    openai.createContext("/v1/chat/completions", ex -> {
      AUTHORIZATIONS.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
      ex.getRequestBody().readAllBytes();
      byte[] body = ("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1700000000,\"model\":\"gpt-4o-mini\","
          + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"FINAL from the stand-in\"},"
          + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":5,\"total_tokens\":15}}")
          .getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "application/json");
      ex.sendResponseHeaders(200, body.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    });
    openai.start();
  }

  @AfterAll
  static void stop() {
    openai.stop(0);
  }

  private static String run(boolean bindToLoopback) throws Exception {
    String policy = Files.readString(REPO.resolve("examples/governance.fms"))
        .replace("permit http/post host \"api.openai.com\" path \"/v1/**\"",
            "permit http/post host \"api.openai.com\" path \"/v1/**\"\n    permit http/post host \"127.0.0.1\" path \"/v1/**\"");
    if (bindToLoopback) {
      policy = policy.replace("hosts   = [\"api.openai.com\"]", "hosts   = [\"api.openai.com\", \"127.0.0.1\"]");
    }
    Path work = Files.createTempDirectory("faramesh-example-openai-");
    Files.writeString(work.resolve("governance.fms"), policy);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java,
        "-javaagent:" + REPO.resolve("javaagent/target/faramesh.jar") + "=agent=support-agent",
        "-Dsupport.model=openai", "-jar", REPO.resolve("examples/support-agent/target/support-agent.jar").toString())
        .directory(work.toFile()).redirectErrorStream(true);
    pb.environment().put("OPENAI_API_KEY", KEY);
    pb.environment().put("OPENAI_BASE_URL", "http://127.0.0.1:" + openai.getAddress().getPort() + "/v1");
    pb.environment().put("CRM_API_TOKEN", "crm_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(16)));
    Path log = work.resolve("out.log");
    pb.redirectOutput(log.toFile());
    Process p = pb.start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String out = Files.readString(log);
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("model: OpenAI").contains("agent answer: FINAL from the stand-in").doesNotContain(KEY);
    return out;
  }

  @Test
  void theRealKeyGoesOnTheWireOnlyToTheHostsItIsBoundTo() throws Exception {
    AUTHORIZATIONS.clear();
    run(true);
    assertThat(AUTHORIZATIONS).containsExactly("Bearer " + KEY);

    AUTHORIZATIONS.clear();
    run(false);
    assertThat(AUTHORIZATIONS).hasSize(1);
    assertThat(AUTHORIZATIONS.get(0)).startsWith("Bearer sk-proj-").isNotEqualTo("Bearer " + KEY);
  }
}
