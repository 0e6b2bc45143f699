package dev.faramesh.broker.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faramesh.broker.BackendException;
import dev.faramesh.broker.CredentialIssuer;
import dev.faramesh.broker.Secret;
import dev.faramesh.policy.Action;
import dev.faramesh.policy.CredentialBinding;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The in-JVM agent's side of the launcher's broker: started by {@code faramesh run}, the agent
 * holds no credential values; it connects to the launcher's socket in the run directory, proves
 * it is the agent the launcher started with the per-run secret (which it reads once and deletes,
 * so no later process can), learns this run's placeholders, and asks for a value each time a
 * permitted call needs one. The launcher decides the action again and refuses what its policy does
 * not permit. One connection, used by one caller at a time, reopened once when it breaks.
 */
public final class LauncherIssuer implements CredentialIssuer {

  private final Path socket;
  private final String secret;
  private final String agentId;
  private final String policyVersion;
  private final Duration timeout;
  private final Map<String, String> placeholders;
  private LineChannel connection;

  private LauncherIssuer(Path socket, String secret, String agentId, String policyVersion, Duration timeout,
      LineChannel connection, Map<String, String> placeholders) {
    this.socket = socket;
    this.secret = secret;
    this.agentId = agentId;
    this.policyVersion = policyVersion;
    this.timeout = timeout;
    this.connection = connection;
    this.placeholders = placeholders;
  }

  /**
   * Connects to the launcher whose run directory is {@code runDirectory}: consumes the secret file,
   * says hello and returns the issuer with the run's placeholders. Any failure is an
   * {@link IOException} that says what went wrong; the agent must then not start.
   */
  public static LauncherIssuer connect(Path runDirectory, String agentId, String policyVersion, Duration timeout)
      throws IOException {
    Path secretFile = runDirectory.resolve(EndpointProtocol.SECRET_FILE);
    String secret;
    try {
      secret = Files.readString(secretFile, StandardCharsets.US_ASCII).trim();
    } catch (NoSuchFileException e) {
      throw new IOException("the launcher's secret " + secretFile + " is gone: another process took it, or this "
          + "JVM was not started by faramesh run");
    }
    Files.deleteIfExists(secretFile);
    Path socket = runDirectory.resolve(EndpointProtocol.SOCKET_FILE);
    LineChannel c = open(socket, timeout);
    Map<String, String> placeholders;
    try {
      placeholders = hello(c, secret, agentId, policyVersion);
    } catch (IOException e) {
      c.close();
      throw e;
    }
    return new LauncherIssuer(socket, secret, agentId, policyVersion, timeout, c, placeholders);
  }

  private static LineChannel open(Path socket, Duration timeout) throws IOException {
    SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      ch.connect(UnixDomainSocketAddress.of(socket));
      return new LineChannel(ch, timeout);
    } catch (IOException e) {
      ch.close();
      throw new IOException("cannot connect to the launcher's broker at " + socket + ": " + e.getMessage(), e);
    }
  }

  private static Map<String, String> hello(LineChannel c, String secret, String agentId, String policyVersion)
      throws IOException {
    c.write(EndpointProtocol.write(EndpointProtocol.hello(secret, agentId, policyVersion,
        ProcessHandle.current().pid())));
    JsonNode answer = EndpointProtocol.read(c.read());
    if (!answer.path("ok").asBoolean(false)) {
      throw new IOException("the launcher refused this agent: " + answer.path("message").asText("no reason given"));
    }
    Map<String, String> out = new LinkedHashMap<>();
    JsonNode p = answer.path("placeholders");
    for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> e = it.next();
      out.put(e.getKey(), e.getValue().asText());
    }
    return out;
  }

  /** This run's placeholder per credential name, as the launcher made them. */
  public Map<String, String> placeholders() {
    return Map.copyOf(placeholders);
  }

  @Override
  public synchronized Secret issue(CredentialBinding binding, Action action) throws BackendException {
    String request = EndpointProtocol.write(EndpointProtocol.issue(binding.name(), action));
    JsonNode answer;
    try {
      answer = exchange(request);
    } catch (IOException first) {
      // the connection may have broken since the last call: reopen once
      try {
        reconnect();
        answer = exchange(request);
      } catch (IOException again) {
        throw new BackendException("the launcher's broker cannot be reached: " + again.getMessage(), again);
      }
    }
    if (!answer.path("ok").asBoolean(false) || !answer.path("value").isTextual()) {
      throw new BackendException("the launcher refused it: " + answer.path("code").asText("") + " "
          + answer.path("message").asText(""));
    }
    return new Secret(answer.get("value").asText());
  }

  private JsonNode exchange(String request) throws IOException {
    if (connection == null) {
      throw new IOException("not connected");
    }
    connection.write(request);
    return EndpointProtocol.read(connection.read());
  }

  private void reconnect() throws IOException {
    closeConnection();
    LineChannel c = open(socket, timeout);
    try {
      hello(c, secret, agentId, policyVersion);
    } catch (IOException e) {
      c.close();
      throw e;
    }
    connection = c;
  }

  private void closeConnection() {
    if (connection != null) {
      try {
        connection.close();
      } catch (IOException ignored) {
        // already broken
      }
      connection = null;
    }
  }

  @Override
  public synchronized void close() {
    closeConnection();
  }
}
