package dev.faramesh.agent.http;

import dev.faramesh.agent.decision.DecisionPoint;
import dev.faramesh.agent.decision.DecisionRecord;
import dev.faramesh.agent.decision.PrincipalSource;
import dev.faramesh.broker.BackendContext;
import dev.faramesh.broker.BackendRegistry;
import dev.faramesh.broker.BackendException;
import dev.faramesh.broker.Broker;
import dev.faramesh.broker.CredentialBackend;
import dev.faramesh.broker.Secret;
import dev.faramesh.identity.IdentityContext;
import dev.faramesh.identity.IdentityProvider;
import dev.faramesh.identity.dev.DevProvider;
import dev.faramesh.policy.CredentialBinding;
import dev.faramesh.policy.Policy;
import dev.faramesh.policy.PolicyEngine;
import dev.faramesh.policy.RuntimeSettings;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

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

  /**
   * Stands in for Vault's dynamic secrets: issues {@code secret-N} under lease {@code lease-N} and
   * records revocations; {@link #failRevoke} makes a revocation throw.
   */
  public static final class LeasingBackend implements CredentialBackend {
    public final AtomicInteger issued = new AtomicInteger();
    public final List<String> revoked = new CopyOnWriteArrayList<>();
    public volatile boolean failRevoke;

    @Override
    public String type() {
      return "vault";
    }

    @Override
    public void configure(BackendContext context) {}

    @Override
    public Secret fetch(CredentialBinding binding) {
      int n = issued.incrementAndGet();
      return Secret.leased("secret-" + n + "-x9z", "lease-" + n, Duration.ofMinutes(10), true);
    }

    @Override
    public void revoke(Secret secret) throws BackendException {
      if (failRevoke) {
        throw new IllegalStateException("backend exploded revoking " + secret.reveal());
      }
      revoked.add(secret.leaseId());
    }
  }
}
