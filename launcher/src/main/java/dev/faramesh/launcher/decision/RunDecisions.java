package dev.faramesh.launcher.decision;

import dev.faramesh.audit.AuditWriteException;
import dev.faramesh.identity.IdentityException;
import dev.faramesh.policy.Action;
import dev.faramesh.policy.CredentialBinding;
import dev.faramesh.policy.Decision;
import dev.faramesh.policy.PolicyEngine;
import dev.faramesh.policy.Principal;
import dev.faramesh.policy.ReasonCodes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Where the launcher decides: each request its proxy relays and each credential the in-JVM agent
 * asks for is decided by the policy engine for the attested principal, recorded as exactly one
 * durable DPR, and only then acted on. A DPR that cannot be written, or a principal that cannot be
 * attested, turns the decision into a denial. The credentials a permitted action may carry are
 * narrowed to those whose {@code hosts} include the destination (in audit mode, where rules are
 * skipped, every credential whose scope covers the action, still only on its hosts).
 */
public final class RunDecisions implements AutoCloseable {

  private final PolicyEngine engine;
  private final RunPrincipal principals;
  private final RunRecorder recorder;
  private final Clock clock;

  public RunDecisions(PolicyEngine engine, RunPrincipal principals, RunRecorder recorder, Clock clock) {
    this.engine = engine;
    this.principals = principals;
    this.recorder = recorder;
    this.clock = clock;
  }

  /** A recorded decision and the credentials the action may carry to its destination. */
  public record Outcome(String toolId, String target, Decision decision, List<CredentialBinding> credentials) {

    public boolean allowed() {
      return decision.allowsCall();
    }

    /** One line for the caller: what was refused, by which rule, why. Never a header or a value. */
    public String denial() {
      return "faramesh denied " + toolId + " " + target + ": " + decision.describe();
    }
  }

  public PolicyEngine engine() {
    return engine;
  }

  /**
   * Decides {@code action} bound for {@code host:port} ({@code host} null for an action without a
   * destination); {@code carried} tells which credentials the request carries, for the record.
   */
  public Outcome decide(Action action, String target, String host, int port, Predicate<CredentialBinding> carried) {
    Principal principal;
    Decision decision;
    try {
      principal = principals.principal();
      decision = engine.decide(action, principal);
    } catch (IdentityException | RuntimeException e) {
      principal = Principal.builder(principals.agentId(), "unattested").build();
      decision = Decision.deny(ReasonCodes.IDENTITY_UNVERIFIED, "no identity: " + e.getMessage());
    }
    List<CredentialBinding> usable = decision.allowsCall() && host != null ? usable(action, decision, host) : List.of();
    List<String> carriedNames = new ArrayList<>(usable.size());
    for (CredentialBinding b : usable) {
      if (carried.test(b)) {
        carriedNames.add(b.name());
      }
    }
    try {
      recorder.record(action, principal, decision, engine.mode(), engine.policy().version(), host, port, carriedNames,
          clock.instant());
    } catch (AuditWriteException | RuntimeException e) {
      return new Outcome(action.toolId(), target, Decision.deny(ReasonCodes.WAL_WRITE_FAILURE,
          "the decision could not be recorded, so the call is refused: " + e.getMessage()), List.of());
    }
    return new Outcome(action.toolId(), target, decision, usable);
  }

  private List<CredentialBinding> usable(Action action, Decision decision, String host) {
    return engine.usableCredentials(principals.agentId(), action, decision, host);
  }

  @Override
  public void close() {
    recorder.close();
  }
}
