package dev.faramesh.agent.identity.delegation;

import dev.faramesh.identity.IdentityException;
import dev.faramesh.identity.IdentityProvider;
import dev.faramesh.identity.delegation.Delegation;
import dev.faramesh.identity.delegation.DelegationCheck;
import dev.faramesh.identity.delegation.DelegationToken;
import dev.faramesh.policy.Principal;
import dev.faramesh.policy.ReasonCodes;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The delegation this process was started with: the supervisor's token from
 * {@code FARAMESH_DELEGATION}, verified once at start-up against this process's own identity
 * provider, its agent id and its own command line ({@code ProcessHandle.current().info()
 * .arguments()}, the argv the kernel holds, read the same way on JDK 17 and 25). A valid token puts
 * the supervisor and the chain above it into every principal of this process's agent as
 * {@code delegated_from}; a token that does not verify makes every decision deny with its reason
 * code (fail closed), for the life of the process. Without a token, nothing changes.
 */
public final class IncomingDelegation {

  private static final IncomingDelegation NONE = new IncomingDelegation(null, null);

  private final Delegation delegation;
  private final IdentityException failure;

  private IncomingDelegation(Delegation delegation, IdentityException failure) {
    this.delegation = delegation;
    this.failure = failure;
  }

  /** Reads and verifies the token in {@code environment}, if any, for agent {@code agentId}. */
  public static IncomingDelegation read(Map<String, String> environment, String agentId, IdentityProvider provider,
      Clock clock) {
    String token = environment.get(DelegationToken.VARIABLE);
    if (token == null) {
      return NONE;
    }
    Optional<String[]> arguments = ProcessHandle.current().info().arguments();
    if (arguments.isEmpty()) {
      return new IncomingDelegation(null, IdentityException.of(ReasonCodes.DELEGATION_TOKEN_INVALID,
          "the delegation token cannot be checked: this process's command line is not readable"));
    }
    try {
      Delegation d = DelegationToken.verify(token, new DelegationCheck(agentId,
          DelegationToken.commandHash(List.of(arguments.get())), clock.instant(), provider.delegationTrust(),
          !provider.attests()));
      return new IncomingDelegation(d, null);
    } catch (IdentityException e) {
      return new IncomingDelegation(null, e);
    } catch (RuntimeException e) {
      return new IncomingDelegation(null, IdentityException.of(ReasonCodes.DELEGATION_TOKEN_INVALID,
          "the delegation token could not be verified: " + e.getClass().getSimpleName()));
    }
  }

  /** No delegation: the process was not started as a worker. */
  public static IncomingDelegation none() {
    return NONE;
  }

  /**
   * The principal this process's agent acts as: {@code own} carrying the delegation chain; throws
   * with the token's reason code when the token did not verify, and {@code IDENTITY_NOT_DISTINCT}
   * when the worker attested as its own supervisor.
   */
  public Principal apply(Principal own) throws IdentityException {
    if (failure != null) {
      throw failure;
    }
    if (delegation == null) {
      return own;
    }
    if (!own.dev() && own.id().equals(delegation.issuer())) {
      throw IdentityException.of(ReasonCodes.IDENTITY_NOT_DISTINCT, "agent " + own.agentId() + " attested as "
          + own.id() + ", the identity of the supervisor that launched it: a worker needs its own");
    }
    return own.toBuilder().delegatedFrom(delegation.chain()).build();
  }

  /** The verified delegation, or {@code null}. */
  public Delegation delegation() {
    return delegation;
  }

  /** Why the token was refused, or {@code null}. */
  public IdentityException failure() {
    return failure;
  }

  /** One line for stderr at start-up, {@code null} without a token; never the token. */
  public String describe(String agentId) {
    if (failure != null) {
      return "the delegation token this process was started with is refused (" + failure.reasonCode() + "): "
          + failure.getMessage() + "; every action of agent " + agentId + " is denied with " + failure.reasonCode();
    }
    return delegation == null ? null : "agent " + agentId + " runs as a worker delegated by " + delegation.issuer()
        + (delegation.dev() ? " (dev token)" : "");
  }
}
