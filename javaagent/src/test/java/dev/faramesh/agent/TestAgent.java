package dev.faramesh.agent;

import dev.faramesh.agent.decision.AuditFailure;
import dev.faramesh.agent.decision.DecisionPoint;
import dev.faramesh.agent.decision.DecisionRecord;
import dev.faramesh.agent.decision.DecisionRecorder;
import dev.faramesh.agent.decision.PrincipalSource;
import dev.faramesh.broker.BackendContext;
import dev.faramesh.broker.BackendRegistry;
import dev.faramesh.broker.Broker;
import dev.faramesh.broker.env.EnvBackend;
import dev.faramesh.identity.IdentityContext;
import dev.faramesh.identity.IdentityProvider;
import dev.faramesh.identity.dev.DevProvider;
import dev.faramesh.policy.Mode;
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
 * The agent's decision machinery assembled in-process from policy text, with the real engine, dev
 * identity and broker, and a recorder that keeps records in memory (or fails, on request).
 */
public final class TestAgent {

  public final List<DecisionRecord> records = new CopyOnWriteArrayList<>();
  public volatile boolean failWrites;
  public final Policy policy;
  public final Broker broker;
  public final DecisionPoint decisions;

  public TestAgent(String policyText, Mode mode, Map<String, String> environment) throws Exception {
    policy = Policy.parse("governance.fms", policyText);
    IdentityProvider dev = new DevProvider();
    dev.configure(new IdentityContext(null, RuntimeSettings.EMPTY, Map.of(), Path.of("/tmp/test-stack")));
    broker = Broker.start(policy.credentials(),
        BackendRegistry.of(new BackendContext(environment, Map.of()), new EnvBackend()), environment,
        new SecureRandom(), Clock.systemUTC());
    DecisionRecorder recorder = r -> {
      if (failWrites) {
        throw new AuditFailure("disk full", null);
      }
      records.add(r);
    };
    decisions = new DecisionPoint(new PolicyEngine(policy, mode, Clock.systemUTC()),
        new PrincipalSource(dev, policy.agents().keySet().iterator().next(), Clock.systemUTC()), recorder,
        Clock.systemUTC());
  }
}
