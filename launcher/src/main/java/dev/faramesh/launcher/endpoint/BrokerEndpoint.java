package dev.faramesh.launcher.endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faramesh.broker.Secret;
import dev.faramesh.broker.launcher.EndpointProtocol;
import dev.faramesh.broker.launcher.LineChannel;
import dev.faramesh.policy.Action;
import java.io.EOFException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * The launcher's private broker endpoint for the in-JVM agent it started: a Unix domain socket in
 * the owner-only run directory ({@link EndpointProtocol}). A connection is served only when three
 * things hold: the peer process runs as the launcher's own user (the kernel's {@code SO_PEERCRED},
 * read through {@code jdk.net.ExtendedSocketOptions}), it opens with the per-run secret (compared in
 * constant time), and it names the agent label and policy version the launcher runs. Each
 * {@code issue} then goes to the {@link Issuer}, which decides the action again and answers with a
 * value only when the policy permits it.
 */
public final class BrokerEndpoint implements AutoCloseable {

  /** Decides whether a credential may be issued for an action, and issues it. */
  public interface Issuer {
    /** The value, or a {@link Refusal} saying why not. */
    Secret issue(String credential, Action action) throws Refusal;
  }

  /** An issue the policy or the broker refused: a reason code and a message without values. */
  public static final class Refusal extends Exception {
    private static final long serialVersionUID = 1L;
    private final String code;

    public Refusal(String code, String message) {
      super(message);
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final ServerSocketChannel server;
  private final Path socket;
  private final byte[] secret;
  private final String agentId;
  private final String policyVersion;
  private final Map<String, String> placeholders;
  private final Issuer issuer;
  private final UserPrincipal owner;
  private final PrintWriter log;
  private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private BrokerEndpoint(ServerSocketChannel server, Path socket, String secret, String agentId, String policyVersion,
      Map<String, String> placeholders, Issuer issuer, UserPrincipal owner, PrintWriter log) {
    this.server = server;
    this.socket = socket;
    this.secret = secret.getBytes(StandardCharsets.US_ASCII);
    this.agentId = agentId;
    this.policyVersion = policyVersion;
    this.placeholders = Map.copyOf(placeholders);
    this.issuer = issuer;
    this.owner = owner;
    this.log = log;
  }

  /**
   * Binds the socket {@code socket} (owner-only) and starts serving. {@code owner} is the only user
   * whose processes are served: the launcher's own.
   */
  public static BrokerEndpoint start(Path socket, String secret, String agentId, String policyVersion,
      Map<String, String> placeholders, Issuer issuer, UserPrincipal owner, PrintWriter log) throws IOException {
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      server.bind(UnixDomainSocketAddress.of(socket));
      Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
    } catch (IOException e) {
      server.close();
      throw e;
    }
    BrokerEndpoint endpoint = new BrokerEndpoint(server, socket, secret, agentId, policyVersion, placeholders, issuer,
        owner, log);
    Thread acceptor = new Thread(endpoint::accept, "faramesh-broker-endpoint");
    acceptor.setDaemon(true);
    acceptor.start();
    return endpoint;
  }

  public Path socket() {
    return socket;
  }

  private void accept() {
    while (!closed) {
      SocketChannel ch;
      try {
        ch = server.accept();
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        if (!closed) {
          log.println("faramesh: the broker socket stopped accepting: " + e.getMessage());
        }
        return;
      }
      Thread t = new Thread(() -> serve(ch), "faramesh-broker-connection");
      t.setDaemon(true);
      t.start();
    }
  }

  private void serve(SocketChannel ch) {
    open.add(ch);
    try (LineChannel c = new LineChannel(ch, TIMEOUT)) {
      UserPrincipal peer = peerUser(ch);
      if (peer == null || !peer.equals(owner)) {
        log.println("faramesh: refused a connection to the broker socket from user "
            + (peer == null ? "unknown" : peer.getName()) + " (only " + owner.getName() + " is served)");
        return;
      }
      if (!hello(c)) {
        return;
      }
      while (!closed) {
        String line;
        try {
          line = c.read();
        } catch (EOFException e) {
          return;
        } catch (java.net.SocketTimeoutException idle) {
          continue;
        }
        c.write(EndpointProtocol.write(answer(line)));
      }
    } catch (IOException | RuntimeException e) {
      // a broken or misbehaving connection ends; the agent reconnects if it needs to
    } finally {
      open.remove(ch);
    }
  }

  static UserPrincipal peerUser(SocketChannel ch) {
    try {
      UnixDomainPrincipal p = ch.getOption(ExtendedSocketOptions.SO_PEERCRED);
      return p == null ? null : p.user();
    } catch (IOException | UnsupportedOperationException e) {
      return null;
    }
  }

  private boolean hello(LineChannel c) throws IOException {
    JsonNode m;
    try {
      m = EndpointProtocol.read(c.read());
    } catch (IOException e) {
      return false;
    }
    String refusal = null;
    if (!"hello".equals(m.path("op").asText())) {
      refusal = "the first message must be hello";
    } else if (m.path("version").asInt(-1) != EndpointProtocol.VERSION) {
      refusal = "protocol version " + m.path("version").asText() + " is not " + EndpointProtocol.VERSION;
    } else if (!MessageDigest.isEqual(secret, m.path("secret").asText("").getBytes(StandardCharsets.US_ASCII))) {
      refusal = "wrong secret";
    } else if (!agentId.equals(m.path("agent_id").asText())) {
      refusal = "this run governs agent " + agentId + ", not " + m.path("agent_id").asText();
    } else if (!policyVersion.equals(m.path("policy_version").asText())) {
      refusal = "the agent loaded policy version " + m.path("policy_version").asText() + " but this run uses "
          + policyVersion + "; both must read the same governance file";
    }
    if (refusal != null) {
      c.write(EndpointProtocol.write(EndpointProtocol.refused("HELLO_REFUSED", refusal)));
      log.println("faramesh: refused a connection to the broker socket: " + refusal);
      return false;
    }
    ObjectNode ok = EndpointProtocol.granted();
    ObjectNode p = ok.putObject("placeholders");
    placeholders.forEach(p::put);
    c.write(EndpointProtocol.write(ok));
    return true;
  }

  private ObjectNode answer(String line) {
    JsonNode m;
    try {
      m = EndpointProtocol.read(line);
    } catch (IOException e) {
      return EndpointProtocol.refused("BAD_REQUEST", "not a JSON object");
    }
    if (!"issue".equals(m.path("op").asText())) {
      return EndpointProtocol.refused("BAD_REQUEST", "unknown op " + m.path("op").asText());
    }
    String credential = m.path("credential").asText("");
    try {
      Action action = EndpointProtocol.action(m.get("action"), adapter(m.get("action")));
      Secret value = issuer.issue(credential, action);
      return EndpointProtocol.granted().put("value", value.reveal());
    } catch (Refusal r) {
      return EndpointProtocol.refused(r.code(), r.getMessage());
    } catch (IOException e) {
      return EndpointProtocol.refused("BAD_REQUEST", e.getMessage());
    }
  }

  /** The adapter recorded for an agent's request: the agent's own, marked as coming through the launcher. */
  private static String adapter(JsonNode action) {
    String own = action == null ? "" : action.path("adapter").asText("");
    return "faramesh-run/agent" + (own.isEmpty() ? "" : ":" + own);
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException ignored) {
      // closing
    }
    for (SocketChannel ch : open) {
      try {
        ch.close();
      } catch (IOException ignored) {
        // closing
      }
    }
    try {
      Files.deleteIfExists(socket);
    } catch (IOException ignored) {
      // the run directory goes anyway
    }
  }
}
