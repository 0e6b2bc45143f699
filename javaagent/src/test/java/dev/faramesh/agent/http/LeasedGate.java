package dev.faramesh.agent.http;

import dev.faramesh.agent.decision.DecisionPoint;
import dev.faramesh.agent.decision.DecisionRecord;
import dev.faramesh.agent.decision.PrincipalSource;
import dev.faramesh.broker.BackendContext;
import dev.faramesh.broker.BackendRegistry;
import dev.faramesh.broker.Broker;
import dev.faramesh.broker.CredentialBackend;
import dev.faramesh.identity.IdentityContext;
import dev.faramesh.identity.IdentityProvider;
import dev.faramesh.identity.dev.DevProvider;
import dev.faramesh.policy.Policy;
import dev.faramesh.policy.PolicyEngine;
import dev.faramesh.policy.RuntimeSettings;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The agent's HTTP decision path as the engine wires it (dev identity, policy engine,
 * {@link DecisionPoint}, broker) over one test backend, for the tests of when a hop's credential
 * leases end. Decision records are kept in memory.
 */
public final class LeasedGate {

  public final List<DecisionRecord> records = new CopyOnWriteArrayList<>();
  public final Broker broker;
  public final HttpGate gate;

  public LeasedGate(String policyText, CredentialBackend backend) throws Exception {
    Policy policy = Policy.parse("governance.fms", policyText);
    IdentityProvider dev = new DevProvider();
    dev.configure(new IdentityContext(null, RuntimeSettings.EMPTY, Map.of(), Path.of("/tmp/test-stack")));
    broker = Broker.start(policy.credentials(), BackendRegistry.of(new BackendContext(Map.of(), Map.of()), backend),
        Map.of(), new SecureRandom(), Clock.systemUTC());
    DecisionPoint decisions = new DecisionPoint(new PolicyEngine(policy, null, Clock.systemUTC()),
        new PrincipalSource(dev, "bot", Clock.systemUTC()), records::add, Clock.systemUTC());
    gate = new HttpGate(decisions, broker);
  }
}
