package dev.faramesh.launcher.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faramesh.audit.AuditVerifier;
import dev.faramesh.broker.BackendContext;
import dev.faramesh.broker.BackendException;
import dev.faramesh.broker.BackendRegistry;
import dev.faramesh.broker.Broker;
import dev.faramesh.broker.env.EnvBackend;
import dev.faramesh.broker.launcher.EndpointProtocol;
import dev.faramesh.broker.launcher.LauncherIssuer;
import dev.faramesh.identity.IdentityContext;
import dev.faramesh.identity.dev.DevProvider;
import dev.faramesh.launcher.RunDirectory;
import dev.faramesh.launcher.Secrets;
import dev.faramesh.launcher.decision.RunDecisions;
import dev.faramesh.launcher.decision.RunPrincipal;
import dev.faramesh.launcher.decision.RunRecorder;
import dev.faramesh.policy.Action;
import dev.faramesh.policy.HttpTarget;
import dev.faramesh.policy.Policy;
import dev.faramesh.policy.PolicyEngine;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's broker socket and the agent's client, over a real Unix domain socket. */
class BrokerEndpointTest {

  private static final String POLICY = """
      credential "openai" {
        backend = "env"
        path = "OPENAI_API_KEY"
        env = ["OPENAI_API_KEY"]
        hosts = ["api.allowed.test"]
      }
      agent bot {
        default deny
        rules {
          deny http/* path "/admin/**" reason: "no admin"
          permit http/* host "api.allowed.test"
          permit http/* host "exfil.evil.test"
        }
      }
      """;

  @TempDir
  Path dir;

  private final String openai = Secrets.alnum("sk-proj-", 40);
  private final StringWriter log = new StringWriter();
  private RunDirectory run;
  private Policy policy;
  private Broker broker;
  private RunDecisions decisions;
  private BrokerEndpoint endpoint;
  private String secret;

  @BeforeEach
  void start() throws Exception {
    policy = Policy.parse(dir.resolve("governance.fms").toString(), POLICY);
    Map<String, String> env = Map.of("OPENAI_API_KEY", openai);
    broker = Broker.start(policy.credentials(), BackendRegistry.of(new BackendContext(env, Map.of()), new EnvBackend()),
        env, new SecureRandom(), Clock.systemUTC());
    DevProvider dev = new DevProvider();
    dev.configure(new IdentityContext(null, policy.runtime(), env, dir));
    decisions = new RunDecisions(PolicyEngine.of(policy), new RunPrincipal(dev, "bot", Clock.systemUTC()),
        RunRecorder.open(dir.resolve("wal"), true), Clock.systemUTC());
    run = RunDirectory.create(dir, Map.of());
    byte[] raw = new byte[32];
    new SecureRandom().nextBytes(raw);
    secret = HexFormat.of().formatHex(raw);
    run.writePrivate(EndpointProtocol.SECRET_FILE, secret);
  }

  private BrokerEndpoint serve(UserPrincipal owner) throws IOException {
    endpoint = BrokerEndpoint.start(run.resolve(EndpointProtocol.SOCKET_FILE), secret, "bot", policy.version(),
        Map.of("openai", broker.placeholder("openai")), new PermittedIssuer(decisions, broker), owner,
        new PrintWriter(log, true));
    return endpoint;
  }

  @AfterEach
  void stop() {
    if (endpoint != null) {
      endpoint.close();
    }
    decisions.close();
    run.close();
  }

  private static Action get(String host, String path) {
    return Action.http(new HttpTarget("https", host, 443, "GET", path, null), "jdk-httpclient");
  }

  @Test
  void theRunDirectoryAndSocketAreOwnerOnly() throws Exception {
    serve(Files.getOwner(run.path()));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(run.path()))).isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(run.resolve(EndpointProtocol.SECRET_FILE))))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(run.resolve(EndpointProtocol.SOCKET_FILE))))
        .isEqualTo("rw-------");
  }

  @Test
  void issuesOnlyForPermittedActionsToTheCredentialsHosts() throws Exception {
    serve(Files.getOwner(run.path()));
    try (LauncherIssuer issuer = LauncherIssuer.connect(run.path(), "bot", policy.version(), Duration.ofSeconds(10))) {
      assertThat(issuer.placeholders()).containsEntry("openai", broker.placeholder("openai"));
      // the secret is consumed: no later process can say hello with it
      assertThat(run.resolve(EndpointProtocol.SECRET_FILE)).doesNotExist();
      var binding = policy.credentials().get(0);
      assertThat(issuer.issue(binding, get("api.allowed.test", "/v1/models")).reveal()).isEqualTo(openai);
      assertThatThrownBy(() -> issuer.issue(binding, get("exfil.evil.test", "/steal")))
          .isInstanceOf(BackendException.class).hasMessageContaining("CREDENTIAL_NOT_GRANTED")
          .hasMessageNotContaining(openai);
      assertThatThrownBy(() -> issuer.issue(binding, get("api.allowed.test", "/admin/x")))
          .isInstanceOf(BackendException.class).hasMessageContaining("RULE_DENY").hasMessageContaining("no admin");
      assertThatThrownBy(() -> issuer.issue(binding, Action.tool("shell/run", Map.of(), "sdk")))
          .hasMessageContaining("NOT_HTTP");
    }
    decisions.close();
    // one DPR per issue the launcher decided (three HTTP requests), and the chain verifies
    var result = AuditVerifier.verify(dir.resolve("wal"));
    assertThat(result.valid()).isTrue();
    assertThat(result.summary()).contains("3 records");
  }

  @Test
  void refusesAWrongSecretAnotherAgentOrAnotherPolicy() throws Exception {
    serve(Files.getOwner(run.path()));
    Files.writeString(run.resolve(EndpointProtocol.SECRET_FILE), Secrets.alnum("", 64));
    assertThatThrownBy(() -> LauncherIssuer.connect(run.path(), "bot", policy.version(), Duration.ofSeconds(10)))
        .hasMessageContaining("wrong secret");
    Files.writeString(run.resolve(EndpointProtocol.SECRET_FILE), secret);
    assertThatThrownBy(() -> LauncherIssuer.connect(run.path(), "other", policy.version(), Duration.ofSeconds(10)))
        .hasMessageContaining("governs agent bot");
    Files.writeString(run.resolve(EndpointProtocol.SECRET_FILE), secret);
    assertThatThrownBy(() -> LauncherIssuer.connect(run.path(), "bot", "0000000000000000", Duration.ofSeconds(10)))
        .hasMessageContaining("same governance file");
    assertThatThrownBy(() -> LauncherIssuer.connect(run.path(), "bot", policy.version(), Duration.ofSeconds(10)))
        .hasMessageContaining("is gone");
  }

  @Test
  void refusesAPeerOfAnotherUser() throws Exception {
    // the kernel reports this test's own user for the connecting peer; serve only another one
    UserPrincipal me = Files.getOwner(run.path());
    UserPrincipal other = dir.getFileSystem().getUserPrincipalLookupService()
        .lookupPrincipalByName(me.getName().equals("nobody") ? "root" : "nobody");
    serve(other);
    assertThatThrownBy(() -> LauncherIssuer.connect(run.path(), "bot", policy.version(), Duration.ofSeconds(10)))
        .isInstanceOf(IOException.class);
    assertThat(log.toString()).contains("refused a connection to the broker socket from user " + me.getName());
  }
}
