package dev.faramesh.agent.decision;

import dev.faramesh.broker.CredentialUnavailableException;
import dev.faramesh.identity.IdentityException;
import dev.faramesh.policy.Action;
import dev.faramesh.policy.CredentialBinding;
import dev.faramesh.policy.Decision;
import dev.faramesh.policy.Mode;
import dev.faramesh.policy.PolicyEngine;
import dev.faramesh.policy.Principal;
import dev.faramesh.policy.ReasonCodes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Where every intercepted action is decided: the principal is attested, the policy engine
 * decides, exactly one DPR is appended and made durable, and only then does the caller learn the
 * {@link Verdict}. A DPR that cannot be written turns the decision into a denial (fail closed),
 * as does an identity that cannot be attested (with the identity check's reason code), in every
 * mode: as in the Faramesh daemon, shadow and audit modes relax the rules, not the identity. The
 * principal is that of the agent the thread acts for. Credentials are narrowed to the destination host;
 * in audit mode, where rules are not evaluated, the credentials covering the action are usable
 * but still only on the hosts they are scoped to.
 */
public final class DecisionPoint {

  private final PolicyEngine engine;
  private final PrincipalResolver principals;
  private final DecisionRecorder recorder;
  private final Clock clock;

  public DecisionPoint(PolicyEngine engine, PrincipalResolver principals, DecisionRecorder recorder, Clock clock) {
    this.engine = engine;
    this.principals = principals;
    this.recorder = recorder;
    this.clock = clock;
  }

  public Mode mode() {
    return engine.mode();
  }

  public PolicyEngine engine() {
    return engine;
  }

  /** Decides an action without a network destination (it may carry no credential). */
  public Verdict decide(Action action) {
    return decide(action, null, 0, b -> false);
  }

  /**
   * Decides an action bound for {@code host:port}; {@code carried} tells which credentials'
   * placeholders the request visibly carries, for the record.
   */
  public Verdict decide(Action action, String host, int port, Predicate<CredentialBinding> carried) {
    return decide(action, host, port, carried, false, null);
  }

  /**
   * Issues the credentials a permitted request carries, after the permit and before the decision is
   * recorded; a credential that cannot be issued turns the decision into a denial with the broker's
   * reason code ({@code BACKEND_UNAVAILABLE}, {@code CREDENTIAL_NOT_FOUND}, ...), in the DPR too.
   */
  public interface CredentialIssuer {
    void issue(List<CredentialBinding> carried) throws CredentialUnavailableException;
  }

  /** {@link #decide(Action, String, int, Predicate)}, issuing the carried credentials with {@code issuer}. */
  public Verdict decide(Action action, String host, int port, Predicate<CredentialBinding> carried,
      CredentialIssuer issuer) {
    return decide(action, host, port, carried, false, issuer);
  }

  /**
   * Decides a framework tool call. A permit carries every credential the call may use, not yet
   * narrowed to a host: they are leased to the call, and each HTTP request it makes narrows them
   * to its own destination.
   */
  public Verdict decideTool(Action action) {
    return decide(action, null, 0, b -> false, true, null);
  }

  private Verdict decide(Action action, String host, int port, Predicate<CredentialBinding> carried,
      boolean anyHost, CredentialIssuer issuer) {
    Principal principal;
    Decision decision;
    try {
      principal = principals.currentPrincipal();
      decision = engine.decide(action, principal);
    } catch (IdentityException e) {
      principal = unattested();
      decision = Decision.deny(e.reasonCode(), "no verified identity: " + e.getMessage());
    } catch (RuntimeException e) {
      principal = unattested();
      decision = Decision.deny(ReasonCodes.IDENTITY_UNVERIFIED, "no verified identity: " + e.getClass().getSimpleName());
    }
    List<CredentialBinding> usable = decision.allowsCall() && (host != null || anyHost)
        ? usable(action, decision, host) : List.of();
    List<String> carriedNames = new ArrayList<>(usable.size());
    List<CredentialBinding> carriedBindings = new ArrayList<>(usable.size());
    for (CredentialBinding b : usable) {
      if (carried.test(b)) {
        carriedNames.add(b.name());
        carriedBindings.add(b);
      }
    }
    if (issuer != null && !carriedBindings.isEmpty()) {
      try {
        issuer.issue(carriedBindings);
      } catch (CredentialUnavailableException e) {
        // fail closed for this call only: the backend's outage or refusal is the recorded reason
        decision = Decision.deny(e.reasonCode(), "credential \"" + e.credential() + "\" could not be issued: "
            + e.getMessage());
        usable = List.of();
      }
    }
    try {
      recorder.record(new DecisionRecord(action, principal, decision, engine.mode(), engine.policy().version(), host,
          port, carriedNames, clock.instant()));
    } catch (AuditFailure e) {
      return new Verdict(action.toolId(), Decision.deny(ReasonCodes.WAL_WRITE_FAILURE,
          "the decision could not be recorded, so the call is refused: " + e.getMessage()), List.of());
    }
    return new Verdict(action.toolId(), decision, usable);
  }

  /** The principal recorded for a decision made without one: the agent label and no identity. */
  private Principal unattested() {
    return Principal.builder(principals.currentAgentId(), "unattested").svid("").build();
  }

  /**
   * Records a decision the identity layer made itself (spawning or delegating to a worker), with
   * the same durability as any other; a DPR that cannot be written denies.
   */
  public Verdict record(Action action, Principal principal, Decision decision) {
    try {
      recorder.record(new DecisionRecord(action, principal, decision, engine.mode(), engine.policy().version(), null, 0,
          List.of(), clock.instant()));
    } catch (AuditFailure e) {
      return new Verdict(action.toolId(), Decision.deny(ReasonCodes.WAL_WRITE_FAILURE,
          "the decision could not be recorded, so it is refused: " + e.getMessage()), List.of());
    }
    return new Verdict(action.toolId(), decision, List.of());
  }

  private List<CredentialBinding> usable(Action action, Decision decision, String host) {
    return engine.usableCredentials(principals.currentAgentId(), action, decision, host);
  }
}
