package dev.faramesh.benchmarks.agent;

import dev.faramesh.agent.audit.WalRecorder;
import dev.faramesh.agent.decision.DecisionPoint;
import dev.faramesh.agent.decision.DecisionRecorder;
import dev.faramesh.agent.decision.PrincipalSource;
import dev.faramesh.agent.http.HttpGate;
import dev.faramesh.agent.http.jdk.JdkHttpClientHandler;
import dev.faramesh.broker.BackendContext;
import dev.faramesh.broker.BackendRegistry;
import dev.faramesh.broker.Broker;
import dev.faramesh.broker.env.EnvBackend;
import dev.faramesh.identity.IdentityContext;
import dev.faramesh.identity.dev.DevProvider;
import dev.faramesh.policy.Policy;
import dev.faramesh.policy.PolicyEngine;
import dev.faramesh.policy.RuntimeSettings;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;

/**
 * The agent's per-request path assembled in-process exactly as {@code Engine} wires it (dev identity,
 * real policy engine, broker, {@link DecisionPoint}, {@link HttpGate}, the {@code HttpClient} handler)
 * around a real {@link WalRecorder}, for benchmarks and instruction counts that need no HTTP traffic.
 * The policy is the one the whole-process benchmark uses.
 */
public final class AgentPath implements AutoCloseable {

  static final String POLICY =
      "agent bench {\n  default deny\n  rules {\n    permit http/get host \"127.0.0.1\"\n  }\n}\n";

  private final DecisionRecorder recorder;
  private final JdkHttpClientHandler handler;
  private final HttpGate gate;
  private final HttpRequest request;

  /** {@code recorder}: the WAL in {@code walDir}, or {@code null} for a recorder that keeps nothing. */
  public AgentPath(Path walDir) throws Exception {
    Policy policy = Policy.parse("governance.fms", POLICY);
    DevProvider dev = new DevProvider();
    dev.configure(new IdentityContext(null, RuntimeSettings.EMPTY, Map.of(), Path.of("/tmp/bench-stack")));
    Broker broker = Broker.start(policy.credentials(),
        BackendRegistry.of(new BackendContext(Map.of(), Map.of()), new EnvBackend()), Map.of(), new SecureRandom(),
        Clock.systemUTC());
    recorder = walDir == null ? r -> { } : WalRecorder.open(walDir, true);
    DecisionPoint decisions = new DecisionPoint(new PolicyEngine(policy, null, Clock.systemUTC()),
        new PrincipalSource(dev, "bench", Clock.systemUTC()), recorder, Clock.systemUTC());
    gate = new HttpGate(decisions, broker);
    handler = new JdkHttpClientHandler(gate);
    request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:8080/v1/ping")).build();
  }

  /**
   * What the bridge forwards for one {@code HttpClient.send} on HTTP/1.1: the decision at
   * {@code sendAsync}, its hand-over at {@code requestFilters}, then the request line and header
   * block on their way to the wire.
   */
  public Object interceptedRequest() {
    Throwable denied = handler.send(request, false);
    if (denied != null) {
      throw new IllegalStateException("denied: " + denied.getMessage());
    }
    handler.hop(request, null, request);
    handler.requestTarget(request, "/v1/ping");
    return handler.wireHeaders(request, request.headers());
  }

  /** The decision and its DPR alone, as {@link HttpGate} makes them. */
  public HttpGate.Hop decide() {
    return gate.decide("jdk-httpclient", "http", "127.0.0.1", 8080, "GET", "/v1/ping", null, java.util.List.of());
  }

  @Override
  public void close() throws Exception {
    recorder.close();
  }
}
